/**
 * The admin console's dictionaries: both languages have the same keys and
 * {{placeholders}}, nothing is empty, every key is used by the console (its
 * UI or the server's pages and CSV), and every key the code names exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholders } from '../../../shared/i18n/core';
import { adminEn } from '../../../shared/i18n/admin.en';
import { adminZhCN } from '../../../shared/i18n/admin.zh-CN';

const ADMIN_DIR = resolve(import.meta.dirname, '../../../server/admin');

function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value as object, `${path}.`)) out.set(k, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

const zh = leaves(adminZhCN);
const en = leaves(adminEn);

describe('admin console translations', () => {
  it('has the same keys and placeholders in zh-CN and en, none empty', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, value] of zh) {
      expect(value.trim(), key).not.toBe('');
      expect(en.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });

  it('uses every key, and names no key that does not exist', () => {
    const text = sources(ADMIN_DIR).join('\n');
    const literals = new Set([...text.matchAll(/'([a-z]\w*(?:\.\w+)+)'/g)].map((m) => m[1]));
    const patterns = [...text.matchAll(/`([a-z]\w*\.(?:[\w.]|\$\{[^}]+\})+)`/g)].map(
      (m) =>
        new RegExp(
          `^${(m[1] as string)
            .split(/\$\{[^}]+\}/)
            .map((p) => p.replace(/\./g, '\\.'))
            .join('[^.]+')}$`,
        ),
    );
    // The server's pages and the CSV read some sections as objects (d.punches.outcomes[o]...).
    const byObject = /\b(d|p)\.(\w+)/g;
    const sections = new Set([...text.matchAll(byObject)].map((m) => m[2]));
    const unused = [...zh.keys()].filter(
      (key) =>
        !literals.has(key) &&
        !patterns.some((p) => p.test(key)) &&
        !(key.startsWith('punches.') && sections.has(key.split('.')[1] as string)) &&
        !(key.startsWith('punches.outcomes.') && text.includes('p.outcomes[')),
    );
    expect(unused).toEqual([]);
    const namespaces = new Set([...zh.keys()].map((k) => k.split('.')[0]));
    // Key-looking literals of the browser code and the pages (the rest has SQL column names).
    const keyText = [
      ...sources(join(ADMIN_DIR, 'ui')),
      readFileSync(join(ADMIN_DIR, 'pages.ts'), 'utf8'),
    ].join('\n');
    const named = new Set([...keyText.matchAll(/'([a-z]\w*(?:\.\w+)+)'/g)].map((m) => m[1]));
    const missing = [...named].filter(
      (l) => l && namespaces.has(l.split('.')[0]) && !zh.has(l) && !l.endsWith('.ts'),
    );
    expect(missing).toEqual([]);
  });
});
