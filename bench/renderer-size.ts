/**
 * The popup's JavaScript, gzipped, against its budget. It builds nothing:
 * run `npx electron-vite build` (or, renderer alone,
 * `npx electron-vite build -c test/renderer/preview/renderer-only.config.ts`)
 * first. What the popup loads at start is the entry script (plus anything
 * index.html loads or preloads, and every chunk those import statically: with
 * modulePreload off, index.html need not name them) and ONE language's home
 * strings. A language's error strings (zh-CN.errors, en.errors) load the first
 * time an error is shown: reported on their own line, not counted as start;
 * settings, doctor and onboarding are separate chunks loaded when first opened.
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
  /** Entry plus preloaded chunks and their static imports. */
  entry: number;
  /** Entry plus each language's home strings: what one start of the popup loads. */
  startup: Record<string, number>;
  /** Each language's error strings (and anything they import not loaded at start): on demand. */
  errors: Record<string, number>;
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
  const staticImports = (file: string) =>
    [...readFileSync(join(assets, file), 'utf8').matchAll(STATIC_IMPORT)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
  /** The files and every chunk they import statically, transitively (dynamic import() is not). */
  const closure = (files: Iterable<string>) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !(file in chunks)) return;
      seen.add(file);
      staticImports(file).forEach(visit);
    };
    [...files].forEach(visit);
    return seen;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((a, f) => a + (chunks[f] ?? 0), 0);
  const start = closure(initial);
  const entry = sum(start);
  const startup: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const file of Object.keys(chunks)) {
    const [, language, part] = /^(zh-CN|en)(\.errors)?-[\w-]+\.js$/.exec(basename(file)) ?? [];
    if (!language) continue;
    if (part) errors[language] = sum([...closure([file])].filter((f) => !start.has(f)));
    else startup[language] = sum(closure([...start, file]));
  }
  const total = Object.values(chunks).reduce((a, b) => a + b, 0);
  return { chunks, entry, startup, errors, total };
}

/** `import … from "./x.js"`, `export … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`. */
const STATIC_IMPORT = /\bfrom\s*["']\.\/([^"']+\.js)["']|\bimport\s*["']\.\/([^"']+\.js)["']/g;

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
  for (const [language, bytes] of Object.entries(size.errors)) {
    console.log(`${language.padEnd(6)} errors, on demand         ${kb(bytes)}`);
  }
  console.log(`all chunks                     ${kb(size.total)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
