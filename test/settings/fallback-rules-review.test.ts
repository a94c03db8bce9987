/**
 * Review of #11: main holds the fallback schedule to the settings form's rules
 * (renderer/src/views/settings/validate.ts). Only the form refused an empty workday list
 * and the same on/off duty time, so the IPC handler (and a stored file the CLI reads)
 * could set a schedule that never reminds, or a working day of no length. A night shift
 * (off duty before on duty) stays valid.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, headlessPlatform } from '../../main/handlers';
import { defaultSettings, type Settings } from '../../shared/settings';
import { type CliFixture, FRIDAY, startCli } from '../cli/harness';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
let cli: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  await cli?.close();
  fx = undefined;
  cli = undefined;
});

describe('the fallback schedule in main', () => {
  it('the handler refuses no workdays and the same times, naming the field; keeps a night shift', async () => {
    fx = await startFixture({ start: '2026-11-27 08:50:00' });
    const handlers = createHandlers(fx.engine, headlessPlatform());
    const before = fx.engine.settings().fallbackSchedule;

    await expect(
      handlers.updateSettings({ fallbackSchedule: { workdays: [] } }),
    ).rejects.toMatchObject({
      code: 'invalidInput',
      detail: { field: 'fallbackSchedule.workdays' },
    });
    await expect(
      handlers.updateSettings({ fallbackSchedule: { onDuty: '18:00', offDuty: '18:00' } }),
    ).rejects.toMatchObject({
      code: 'invalidInput',
      detail: { field: 'fallbackSchedule.offDuty' },
    });
    // Only onDuty changed, onto the stored off duty time: refused all the same.
    await expect(
      handlers.updateSettings({ fallbackSchedule: { onDuty: before.offDuty } }),
    ).rejects.toMatchObject({
      code: 'invalidInput',
      detail: { field: 'fallbackSchedule.offDuty' },
    });
    expect(fx.engine.settings().fallbackSchedule).toEqual(before);

    const night = await handlers.updateSettings({
      fallbackSchedule: { onDuty: '22:00', offDuty: '06:00', workdays: [0] },
    });
    expect(night.settings.fallbackSchedule).toMatchObject({
      onDuty: '22:00',
      offDuty: '06:00',
      workdays: [0],
    });
  });

  it('the CLI does not run on a stored schedule the form would refuse (defaults instead)', async () => {
    cli = await startCli({ start: `${FRIDAY} 08:50:00` });
    mkdirSync(cli.home, { recursive: true });
    const stored = {
      ...defaultSettings(),
      fallbackSchedule: {
        workdays: [],
        onDuty: '18:00',
        offDuty: '18:00',
        useChineseHolidays: true,
      },
    };
    writeFileSync(join(cli.home, 'settings.json'), JSON.stringify({ settings: stored }));
    const shown = await cli.run(['config', 'show', '--json']);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const settings = (JSON.parse(shown.stdout) as { settings: Settings }).settings;
    expect(settings.fallbackSchedule).toEqual(defaultSettings().fallbackSchedule);
  });
});
