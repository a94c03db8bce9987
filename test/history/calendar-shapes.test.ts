/**
 * WCAG 1.4.1 (use of colour): the month calendar's dots are DingTalk's colours, but a
 * colour must not be the only sign, so each kind of day also has its own dot shape
 * (late/early and missed/absent share one, as they share a colour; the day's detail
 * names the difference). Read from the chunk's own stylesheet, rule by rule in order.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(
  resolve(import.meta.dirname, '../../renderer/src/views/history/history.css'),
  'utf8',
).replace(/\/\*[\s\S]*?\*\//g, '');

const SHAPE = ['width', 'height', 'border-radius', 'border', 'background'];

/** The dot's shape declarations for a mark, as the cascade leaves them (same specificity). */
function dotShape(mark: string): string {
  const shape = new Map<string, string>();
  for (const [, selectors = '', body = ''] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const applies = selectors
      .split(',')
      .map((s) => s.trim())
      .some((s) => s === '.hcell-dot' || s === `.hcell-${mark} .hcell-dot`);
    if (!applies) continue;
    for (const decl of body.split(';')) {
      const [prop = '', ...value] = decl.split(':');
      const name = prop.trim();
      if (!SHAPE.includes(name)) continue;
      // The colour is what this test is not about: only whether the dot is filled.
      const v = value.join(':').trim();
      shape.set(name, name === 'background' ? (v === 'transparent' ? 'none' : 'filled') : v);
    }
  }
  return SHAPE.map((k) => `${k}=${shape.get(k) ?? ''}`).join(';');
}

describe('history calendar dots', () => {
  it('differ in shape, not only in colour, between normal, late, missed, leave and pending', () => {
    const kinds = ['normal', 'late', 'missed', 'leave', 'pending'];
    const shapes = kinds.map(dotShape);
    expect(new Set(shapes).size).toBe(kinds.length);
    expect(dotShape('early')).toBe(dotShape('late'));
    expect(dotShape('absent')).toBe(dotShape('missed'));
  });
});
