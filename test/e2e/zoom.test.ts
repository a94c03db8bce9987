/**
 * The popup at 150 % and 200 % zoom (WCAG 1.4.4 resize text, 1.4.10 reflow): the
 * 360×480 window then holds 240×320 or 180×240 CSS px. Chromium applies the
 * system's text scale the same way. In every state: no sideways scrolling, no
 * two boxes on top of each other, and Today's timeline stays on screen, also
 * with four and six check points (split shifts).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import type { UiLanguage } from '../../shared/i18n/core';
import { day, done, fixtures, pending, snapshot } from '../renderer/fixtures';
import { SKIP_MESSAGE, skipWithoutChromium } from './browser';
import { fixturePopups, navigate } from './fixture-popup';

const split4 = snapshot({
  today: day({
    className: '两段班',
    checkPoints: [
      done('OnDuty', '09:00', '08:55'),
      done('OffDuty', '12:00', '12:01'),
      pending('OnDuty', '13:30'),
      pending('OffDuty', '18:00'),
    ],
  }),
});

const split6 = snapshot({
  today: day({
    className: '三段班（早中晚）',
    checkPoints: [
      done('OnDuty', '07:00', '06:58'),
      done('OffDuty', '10:00', '10:02'),
      done('OnDuty', '12:00', '12:09', 'Late'),
      pending('OffDuty', '15:00'),
      pending('OnDuty', '17:00'),
      pending('OffDuty', '20:00'),
    ],
  }),
});

const TODAY: ReadonlyArray<readonly [string, Snapshot]> = [
  ['ready', fixtures.beforeWork],
  ['four check points', split4],
  ['six check points', split6],
  ['late with an invalid record', fixtures.lateWithInvalid],
  ['a reminder showing', fixtures.reminder],
  ['queued offline', fixtures.queuedOffline],
];

const VIEWS = ['settings', 'doctor', 'about', 'guide'] as const;

/** What overflows sideways, and which boxes overlap, on the page as it is now. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    }
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.sr-only')) continue;
      const style = getComputedStyle(el);
      // Text cut with an ellipsis is a choice; a box that scrolls or spills sideways is not.
      const clipsOnPurpose = style.textOverflow === 'ellipsis';
      if (!clipsOnPurpose && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        if (style.overflowX !== 'visible' || el.getBoundingClientRect().right > root.clientWidth) {
          problems.push(`${name(el)} overflows sideways: ${el.scrollWidth} > ${el.clientWidth}`);
        }
      }
    }
    // The boxes a reader sees: controls, headings, lines of text, badges, timeline cells.
    const boxes = [
      ...document.querySelectorAll(
        'button, h1, h2, p, .badge, .tl-row > *, .today-class, .refresh-state, label, input, select',
      ),
    ].filter((el) => {
      if (el.closest('.sr-only, [aria-hidden="true"]')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as Element;
        const b = boxes[j] as Element;
        if (a.contains(b) || b.contains(a)) continue;
        // An open menu lies over the view on purpose.
        if (!a.closest('[role=menu]') !== !b.closest('[role=menu]')) continue;
        const p = a.getBoundingClientRect();
        const q = b.getBoundingClientRect();
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1) problems.push(`${name(a)} overlaps ${name(b)}`);
      }
    }
    return problems;
  });
}

/** Every row of the timeline can be brought on screen and is drawn at a readable height. */
async function timelineRows(page: Page): Promise<number[]> {
  const rows = page.locator('.timeline > li');
  const heights: number[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    await row.scrollIntoViewIfNeeded();
    expect(await row.isVisible()).toBe(true);
    heights.push((await row.boundingBox())?.height ?? 0);
  }
  return heights;
}

if (skipWithoutChromium()) {
  describe.skip(`zoom (${SKIP_MESSAGE})`, () => undefined);
} else {
  describe('the popup at 150 % and 200 % zoom', () => {
    const openPopup = fixturePopups();

    const popup = async (s: Snapshot, lang: UiLanguage, zoom: number) => {
      const p = await openPopup(s, { lang, theme: 'light', zoom });
      return p.page;
    };

    for (const zoom of [1.5, 2]) {
      for (const lang of ['zh-CN', 'en'] as const) {
        it(`Today at ${zoom * 100} % in ${lang}: reflows, and every check point can be seen`, async () => {
          for (const [state, s] of TODAY) {
            const page = await popup(s, lang, zoom);
            await page.locator('.timeline').waitFor();
            expect(await layoutProblems(page), state).toEqual([]);
            const rows = await timelineRows(page);
            expect(rows.length, state).toBe(
              (s.today?.checkPoints.length ?? 0) +
                (s.today?.punches.filter((p) => !p.valid).length ?? 0),
            );
            for (const height of rows) expect(height, state).toBeGreaterThanOrEqual(20);
            // Scrolled to the end, still nothing sideways and nothing on top of another.
            expect(await layoutProblems(page), `${state}, scrolled`).toEqual([]);
          }
        });

        it(`the sub-views and the open menu at ${zoom * 100} % in ${lang}`, async () => {
          for (const view of VIEWS) {
            const page = await popup(fixtures.beforeWork, lang, zoom);
            await navigate(page, view);
            await page.locator('.view-header h1').waitFor();
            await page.waitForLoadState('networkidle');
            expect(await layoutProblems(page), view).toEqual([]);
          }
          const page = await popup(fixtures.beforeWork, lang, zoom);
          await page.locator('.menu-button').click();
          await page.getByRole('menu').waitFor();
          expect(await layoutProblems(page), 'menu').toEqual([]);
          const menu = await page.getByRole('menu').boundingBox();
          const width = await page.evaluate(() => document.documentElement.clientWidth);
          expect(menu && menu.x >= 0 && menu.x + menu.width <= width, 'menu inside').toBe(true);
        });
      }
    }

    it('at 100 % Today still fits the popup without scrolling', async () => {
      const page = await popup(fixtures.beforeWork, 'zh-CN', 1);
      await page.locator('.timeline').waitFor();
      const scrolls = await page
        .locator('.view.today')
        .evaluate((el) => el.scrollHeight > el.clientHeight);
      expect(scrolls).toBe(false);
      expect(await layoutProblems(page)).toEqual([]);
    });
  });
}
