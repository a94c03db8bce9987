/**
 * `npm run bench`: runs each bench module in turn and prints its tables.
 * Benches measure and print (with the target beside each number); they never
 * pass or fail. A module exports `run(): Promise<BenchTable[]>`; an optional
 * module that is not there yet is reported as skipped. See bench/README.md.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchTable {
  title: string;
  head: string[];
  rows: string[][];
  /** Printed under the table: what the numbers mean, how they were obtained. */
  notes?: string[];
}

export interface BenchModule {
  run(): Promise<BenchTable[]>;
}

interface BenchEntry {
  name: string;
  load: () => Promise<unknown>;
  /** A module owned elsewhere that may not exist yet: skipped while its file is absent. */
  optionalFile?: string;
}

/** What this runner uses of bench/renderer-size.ts (loaded by URL: it may be absent). */
interface RendererSizeModule {
  STARTUP_BUDGET_BYTES: number;
  measureRendererSize(outDir: string): {
    entry: number;
    startup: Record<string, number>;
    total: number;
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** renderer-size.ts measures the last renderer build and builds nothing: one table from it. */
async function rendererSize(): Promise<BenchModule> {
  const url = new URL('./renderer-size.ts', import.meta.url).href;
  const mod = (await import(url)) as RendererSizeModule;
  const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
  const html = join(outDir, 'index.html');
  const title = 'Popup JavaScript, gzipped';
  return {
    run: async () => {
      if (!existsSync(html)) {
        return [
          {
            title,
            head: ['status'],
            rows: [['skipped: no build in out/renderer (run `npx electron-vite build` first)']],
          },
        ];
      }
      const size = mod.measureRendererSize(outDir);
      const budget = `≤ ${kB(mod.STARTUP_BUDGET_BYTES)}`;
      return [
        {
          title,
          head: ['what', 'size', 'target'],
          rows: [
            ['entry (React + Today)', kB(size.entry), ''],
            ...Object.entries(size.startup).map(([lang, bytes]) => [
              `popup start with ${lang} strings`,
              kB(bytes),
              budget,
            ]),
            ['all chunks', kB(size.total), ''],
          ],
          notes: [`measured in out/renderer, built ${statSync(html).mtime.toISOString()}`],
        },
      ];
    },
  };
}

const BENCHES: BenchEntry[] = [
  { name: 'workday', load: () => import('./workday') },
  { name: 'punch-latency', load: () => import('./punch-latency') },
  { name: 'renderer-size', load: rendererSize, optionalFile: './renderer-size.ts' },
  { name: 'first-render', load: () => import('./first-render') },
  { name: 'history', load: () => import('./history') },
  { name: 'admin-console', load: () => import('./admin-console') },
  { name: 'server-economy', load: () => import('./server-economy') },
  { name: 'server-burst', load: () => import('./server-burst') },
];

function isBenchModule(value: unknown): value is BenchModule {
  return typeof (value as Partial<BenchModule> | null)?.run === 'function';
}

/** Numbers (and "n / m", "12 ms", "4 (≤ 4)") line up on the right, words on the left. */
const numeric = (cell: string) => /^[\d≤≥<>~.,/ %×()–-]+(ms|KiB|MiB|kB|MB|B|s)?$/.test(cell.trim());

function formatTable(table: BenchTable): string {
  const all = [table.head, ...table.rows];
  const widths = table.head.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
        return i > 0 && numeric(cell) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [
    table.title,
    line(table.head),
    rule,
    ...table.rows.map(line),
    ...(table.notes ?? []).map((n) => `  · ${n}`),
  ].join('\n');
}

async function main(): Promise<void> {
  for (const bench of BENCHES) {
    const header = `═══ ${bench.name} `.padEnd(78, '═');
    console.log(`\n${header}`);
    if (
      bench.optionalFile &&
      !existsSync(fileURLToPath(new URL(bench.optionalFile, import.meta.url)))
    ) {
      console.log(`skipped: bench/${bench.optionalFile.slice(2)} is not there yet`);
      continue;
    }
    const started = performance.now();
    try {
      const mod = await bench.load();
      if (!isBenchModule(mod)) throw new Error('the module exports no run()');
      for (const table of await mod.run()) console.log(`\n${formatTable(table)}`);
      console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      // One broken bench must not hide the others' numbers.
      process.exitCode = 1;
      console.log(
        `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
}

await main();
