/**
 * The frame of every E2E file: one Chromium per file, a fresh harness and
 * browser context per test, and after each test a check that nothing went
 * wrong on the side (console errors, CSP violations, handler crashes).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest';
import { translate, type AnyMessageKey, type Vars } from '../../shared/i18n';
import { DEMO_CLASSES, demoOrg, type SimOrg } from '../../main/dingtalk/simulator';
import {
  launchBrowser,
  openPopup,
  SKIP_MESSAGE,
  skipWithoutChromium,
  type Look,
  type Popup,
} from './browser';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export interface E2E {
  harness(options: HarnessOptions): Promise<Harness>;
  popup(harness: Harness, look: Look): Promise<Popup>;
}

export function describeE2E(name: string, body: (e2e: E2E) => void): void {
  if (skipWithoutChromium()) {
    console.warn(SKIP_MESSAGE);
    describe.skip(`${name} (${SKIP_MESSAGE})`, () => body(unreachable));
    return;
  }
  describe(name, () => {
    let browser: Browser | null = null;
    let harnesses: Harness[] = [];
    let popups: Popup[] = [];

    // On CI without Chromium this throws, and every test of the file fails with the reason.
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });
    afterEach(async () => {
      const problems = [
        ...popups.flatMap((p) => p.problems),
        ...harnesses.flatMap((h) => h.problems()),
      ];
      await Promise.all(popups.map((p) => p.close()));
      await Promise.all(harnesses.map((h) => h.close()));
      popups = [];
      harnesses = [];
      expect(problems, 'console errors, CSP violations or handler crashes').toEqual([]);
    });

    body({
      harness: async (options) => {
        const h = await startHarness({ rendererDir: inject('rendererDir'), ...options });
        harnesses.push(h);
        return h;
      },
      popup: async (h, look) => {
        if (!browser) throw new Error('no browser');
        const p = await openPopup(browser, h.url, look);
        popups.push(p);
        // The popup judges 早退 / 迟到 / a window's opening by its own clock: it follows the
        // simulator's, which tests set and advance.
        const sync = () => p.page.clock.setSystemTime(new Date(h.sim.clock.now()));
        const { clock } = h.sim;
        const set = clock.set.bind(clock);
        const advance = clock.advance.bind(clock);
        clock.set = (ms) => {
          set(ms);
          void sync();
        };
        clock.advance = (ms) => {
          advance(ms);
          void sync();
        };
        await sync();
        // The first load ran on the real clock: load again on the simulator's.
        await p.page.reload();
        return p;
      },
    });
  });
}

const unreachable: E2E = {
  harness: () => Promise.reject(new Error('skipped')),
  popup: () => Promise.reject(new Error('skipped')),
};

/** The popup's text for a key in the look's language. */
export function text(look: Look, key: AnyMessageKey, vars?: Vars): string {
  return translate(look.lang, key, vars);
}

/**
 * The demo organisation with the office class's flex time removed: zhangwei
 * then simply works 09:00–18:00, so 09:12 is late and 18:05 on time.
 */
export function officeWithoutFlex(): SimOrg {
  const org = demoOrg();
  const office = org.classes.find((c) => c.classId === DEMO_CLASSES.office);
  if (!office) throw new Error('the demo org has no office class');
  delete office.flexMinutes;
  return org;
}

/** The page background of each theme (--bg in renderer/src/styles.css). */
export const BACKGROUND = { light: 'rgb(245, 245, 247)', dark: 'rgb(28, 28, 30)' } as const;

export function backgroundOf(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}
