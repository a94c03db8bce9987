/**
 * The popup's JavaScript, gzipped, against its budget. It builds nothing:
 * run `npx electron-vite build` (or, renderer alone,
 * `npx electron-vite build -c test/renderer/preview/renderer-only.config.ts`)
 * first. What the popup loads at start is the entry script (plus anything
 * index.html preloads) and ONE language's strings; settings, doctor and
 * onboarding are separate chunks loaded when first opened.
 *
 *   node --import tsx bench/renderer-size.ts [out/renderer]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** 80 kB (decimal, as Vite reports sizes) for what the popup loads at start. */
export const STARTUP_BUDGET_BYTES = 80_000;

export interface RendererSize {
  /** Gzipped bytes per chunk file name. */
  chunks: Record<string, number>;
  /** Entry plus preloaded chunks. */
  entry: number;
  /** Entry plus each language's strings: what one start of the popup loads. */
  startup: Record<string, number>;
  /** Every JavaScript chunk. */
  total: number;
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

export function measureRendererSize(outDir: string): RendererSize {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1] as string),
  );
  if (initial.size === 0) throw new Error(`No script in ${join(outDir, 'index.html')}`);
  const assets = join(outDir, 'assets');
  const chunks: Record<string, number> = {};
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
    chunks[file] = gz(join(assets, file));
  }
  const entry = [...initial].reduce((sum, file) => sum + (chunks[file] ?? 0), 0);
  const startup: Record<string, number> = {};
  for (const [file, bytes] of Object.entries(chunks)) {
    const language = /^(zh-CN|en)-[\w-]+\.js$/.exec(basename(file))?.[1];
    if (language) startup[language] = entry + bytes;
  }
  const total = Object.values(chunks).reduce((a, b) => a + b, 0);
  return { chunks, entry, startup, total };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function main() {
  const outDir = resolve(process.argv[2] ?? 'out/renderer');
  const size = measureRendererSize(outDir);
  for (const [file, bytes] of Object.entries(size.chunks).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${file.padEnd(36)} ${kb(bytes).padStart(9)}`);
  }
  console.log(`entry (React + Today)          ${kb(size.entry)}`);
  // A bench measures and prints; it does not fail (see bench/README.md).
  for (const [language, bytes] of Object.entries(size.startup)) {
    const verdict = bytes <= STARTUP_BUDGET_BYTES ? 'within budget' : 'OVER BUDGET';
    console.log(
      `startup with ${language.padEnd(6)}           ${kb(bytes)} / ${kb(STARTUP_BUDGET_BYTES)} ${verdict}`,
    );
  }
  console.log(`all chunks                     ${kb(size.total)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
