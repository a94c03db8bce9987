/**
 * No two source files may differ only in letter case (calendar.ts beside Calendar.tsx):
 * on a case-insensitive file system (macOS, Windows) a checkout, an import or a bundler
 * can take one for the other. The extension is left out, as module resolution does.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const ROOTS = ['main', 'renderer', 'shared', 'server', 'test', 'bench', 'scripts'];

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(relative(repo, path));
  }
}

describe('source file names', () => {
  it('never differ only in case (extension aside)', () => {
    const files: string[] = [];
    for (const root of ROOTS) walk(join(repo, root), files);
    const stems = new Map<string, Set<string>>();
    for (const file of files) {
      const stem = file.replace(/\.(d\.ts|tsx?|mjs|cjs|js)$/, '');
      const k = stem.toLowerCase();
      stems.set(k, (stems.get(k) ?? new Set()).add(stem));
    }
    const clashes = [...stems.values()].filter((s) => s.size > 1).map((s) => [...s]);
    expect(clashes).toEqual([]);
  });
});
