/**
 * Issue #12 item 9: every string the settings and IPC accept has a length limit,
 * provisioning files have a size limit wherever they are read, and no refusal
 * echoes the oversized value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  MAX_PROVISIONING_BYTES,
  parseProvisioningFile,
  readProvisioningFile,
} from '../../main/settings/provisioning';
import { applySettingsPatch } from '../../main/settings/settings-store';
import { dispatch } from '../../main/shell/ipc';
import { CHANNELS, type Handlers, requests } from '../../shared/contract';
import { defaultSettings, settingsSchema } from '../../shared/settings';

const HUGE = 'x'.repeat(5 * 1024 * 1024);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}

/** Every string schema below `schema`, with the path that leads to it. */
function strings(schema: z.ZodType, path: string, out: [string, z.ZodType][]): void {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === 'string') out.push([path, schema]);
  for (const [key, child] of Object.entries(def.shape ?? {})) strings(child, `${path}.${key}`, out);
  for (const child of [def.innerType, def.valueType, def.element, def.in]) {
    if (child) strings(child, path, out);
  }
  if (def.keyType) strings(def.keyType, `${path}.<key>`, out);
  for (const option of def.options ?? []) strings(option, path, out);
}

describe('length limits', () => {
  it('every string an IPC request or the settings accept refuses 100,000 characters', () => {
    const found: [string, z.ZodType][] = [];
    for (const [channel, schema] of Object.entries(requests)) strings(schema, channel, found);
    strings(settingsSchema, 'settings', found);
    expect(found.length).toBeGreaterThan(10);
    const unbounded = found
      .filter(([, schema]) => schema.safeParse('a'.repeat(100_000)).success)
      .map(([path]) => path);
    expect(unbounded).toEqual([]);
  });

  it('a 5 MB time zone is refused without being echoed, over IPC and in the settings', async () => {
    const table = Object.fromEntries(
      CHANNELS.map((c) => [c, () => Promise.resolve(null)]),
    ) as unknown as Handlers;
    for (const request of [{ timeZone: HUGE }, { ui: { [HUGE]: 1 } }, { ui: { language: HUGE } }]) {
      const reply = await dispatch(table, 'updateSettings', request);
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply).length).toBeLessThan(500);
    }
    for (const patch of [{ timeZone: HUGE }, { ui: { [HUGE]: 1 } }, { [HUGE]: {} }]) {
      let message = '';
      try {
        applySettingsPatch(defaultSettings(), patch);
      } catch (error) {
        message = JSON.stringify(error) + String((error as Error).message);
      }
      expect(message).toMatch(/invalidInput|Unknown|Too big|too/i);
      expect(message.length).toBeLessThan(500);
    }
  });

  it('an oversized request of any channel is refused before it is parsed', async () => {
    const table = Object.fromEntries(
      CHANNELS.map((c) => [c, () => Promise.resolve(null)]),
    ) as unknown as Handlers;
    const reply = await dispatch(table, 'getSnapshot', { padding: HUGE });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'request' } },
    });
    expect(JSON.stringify(reply).length).toBeLessThan(300);
  });
});

describe('provisioning file size', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads a file up to the limit and refuses one byte more, without echoing it', () => {
    dir = mkdtempSync(join(tmpdir(), 'daka-prov-'));
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, '{}'.padEnd(MAX_PROVISIONING_BYTES, ' '));
    expect(readProvisioningFile(ok)).toHaveLength(MAX_PROVISIONING_BYTES);
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"appKey":"${'k'.repeat(MAX_PROVISIONING_BYTES)}"}`);
    expect(() => readProvisioningFile(big)).toThrow(
      expect.objectContaining({ code: 'provisioningInvalid', detail: { field: '(file)' } }),
    );
    expect(() =>
      parseProvisioningFile(`{"appKey":"${'k'.repeat(MAX_PROVISIONING_BYTES)}"}`),
    ).toThrow(
      expect.objectContaining({ code: 'provisioningInvalid', detail: { field: '(file)' } }),
    );
  });

  it.runIf(process.platform !== 'win32')('stops reading an endless file (/dev/zero)', () => {
    expect(() => readProvisioningFile('/dev/zero')).toThrow(
      expect.objectContaining({ code: 'provisioningInvalid' }),
    );
  });

  it('names an unknown key cut short', () => {
    const key = 'q'.repeat(10_000);
    try {
      parseProvisioningFile(JSON.stringify({ [key]: 1 }));
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify(error).length + String((error as Error).message).length).toBeLessThan(
        400,
      );
    }
  });
});
