/**
 * "Save as" for the history export: the OS save dialog proposes the file name in
 * the Downloads folder; the text is written as UTF-8 exactly as given (the CSV
 * carries its own byte-order mark for Excel). Cancel writes nothing (null).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SaveDialogOptions } from 'electron';

export interface SaveDialog {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

/** The proposed name as a plain file name: no folders, nothing Windows refuses in a name. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base].map((c) => (c < ' ' || '<>:"|?*'.includes(c) ? '_' : c)).join('');
  return clean === '' || /^\.+$/.test(clean) ? 'daka.csv' : clean;
}

export function createFileSaver(deps: {
  dialog: SaveDialog;
  /** Where the dialog starts (Electron: app.getPath('downloads')). */
  defaultFolder: () => string;
}): (name: string, text: string) => Promise<string | null> {
  return async (name, text) => {
    const result = await deps.dialog.showSaveDialog({
      defaultPath: join(deps.defaultFolder(), safeFileName(name)),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    const path = result.canceled ? undefined : result.filePath;
    if (!path) return null;
    await writeFile(path, text, 'utf8');
    return path;
  };
}
