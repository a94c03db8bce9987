/**
 * The history export's "save as": the OS save dialog (the fake electron's) proposes the
 * file name in the Downloads folder, the text is written there as UTF-8 (the CSV carries
 * its own byte-order mark, which must reach the file once), cancel writes nothing.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSaver, safeFileName } from '../../main/shell/save-file';
import { createFakeElectron } from '../fakes/electron';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'daka-save-'));
  dirs.push(dir);
  const { dialog } = createFakeElectron({ platform: 'linux' });
  const save = createFileSaver({ dialog, defaultFolder: () => dir });
  return { dir, dialog, save };
}

const CSV = '\uFEFF日期,类型\r\n2026-11-05,上班\r\n';

describe('saveFile', () => {
  it('writes the chosen file as UTF-8 with the one BOM and answers its path', async () => {
    const { dir, dialog, save } = await setup();
    const target = join(dir, 'chosen.csv');
    dialog.saveDialogResult = { canceled: false, filePath: target };
    await expect(save('daka-u1-2026-11.csv', CSV)).resolves.toBe(target);
    const bytes = await readFile(target);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...bytes.subarray(3, 6)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(CSV);
    const [options] = dialog.shown[0] as [{ defaultPath: string; filters: unknown[] }];
    expect(options.defaultPath).toBe(join(dir, 'daka-u1-2026-11.csv'));
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });

  it('cancel writes nothing and answers null', async () => {
    const { dir, save } = await setup();
    await expect(save('daka-u1-2026-11.csv', CSV)).resolves.toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a path-like proposed name stays a plain name in the folder', async () => {
    expect(safeFileName('../../etc/daka-a/b:c.csv')).toBe('b_c.csv');
    expect(safeFileName('..')).toBe('daka.csv');
    expect(safeFileName('daka-u1-2026-11.csv')).toBe('daka-u1-2026-11.csv');
  });
});
