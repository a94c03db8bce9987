/**
 * The history view's price: its lazy chunk gzipped (nothing of it on the popup's
 * start path) and the counted DingTalk calls of a month in direct mode, cold (26
 * past dates of November 2026, today from the Today view) and warm (opened again:
 * evaluated days come from the cache), against the simulator over HTTP. The
 * month is the tests' scenario (test/history/scenario.ts): a 调休 Saturday, a
 * holiday, leave, a late, a missed and an early day.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startFixture } from '../test/helpers/engine-fixture';
import { MONTH, writeNovember } from '../test/history/scenario';
import type { BenchTable } from './index';

const OUT = fileURLToPath(new URL('../out/renderer/assets', import.meta.url));
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function chunkRows(): string[][] {
  if (!existsSync(OUT)) return [['skipped: no build in out/renderer', '']];
  const files = readdirSync(OUT).filter((f) => /^HistoryView-[\w-]+\.(js|css)$/.test(f));
  if (files.length === 0) return [['no HistoryView chunk in out/renderer (an older build?)', '']];
  return files.map((f) => [f, kb(gzipSync(readFileSync(join(OUT, f)), { level: 9 }).length)]);
}

async function calls(): Promise<string[][]> {
  const fx = await startFixture({ start: '2026-11-27 12:00:00' });
  try {
    writeNovember(fx.sim, '2026-11-27');
    await fx.engine.open();
    const counted = () => fx.engine.meter.figures().counted;
    const before = counted();
    await fx.engine.history(MONTH);
    const cold = counted() - before;
    await fx.engine.history(MONTH);
    const warm = counted() - before - cold;
    fx.sim.clock.advance(11 * 60_000);
    await fx.engine.history(MONTH);
    const later = counted() - before - cold - warm;
    return [
      ['cold month (26 past dates)', String(cold), '≤ 5'],
      ['warm, opened again', String(warm), '0'],
      ['11 minutes later (yesterday not final yet)', String(later), '≤ 1'],
    ];
  } finally {
    await fx.close();
  }
}

export async function run(): Promise<BenchTable[]> {
  return [
    {
      title: 'History view chunk (gzipped, level 9; lazy, not in the start budget)',
      head: ['file', 'gzipped'],
      rows: chunkRows(),
      notes: ['Its strings are in the *.views.ts chunk, loaded with the other sub-views.'],
    },
    {
      title: 'History: counted DingTalk calls for a month, direct mode',
      head: ['read', 'counted calls', 'target'],
      rows: await calls(),
      notes: [
        'attendance/list, 8 dates a call; evaluated days kept for good in the state store.',
        'Company server mode: the server reads 4 listbyusers + 4 listRecord for a cold 27-date',
        'month from its batch caches (shared by everyone), nothing when warm (test/server/history).',
      ],
    },
  ];
}
