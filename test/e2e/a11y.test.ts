/**
 * axe-core over every view of the built popup, in zh-CN light and English
 * dark: WCAG 2.x A/AA and axe's best practices (landmark-one-main, region,
 * heading order...) must find nothing. Today in several states, the open "…"
 * menu, settings, the doctor with results, each setup step, history, about and
 * the guide. axe runs through Playwright's evaluate, which the page's CSP does
 * not govern; the page keeps its policy.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel, Result, Snapshot } from '../../shared/contract';
import { fixtures, outcomes, reports } from '../renderer/fixtures';
import { LOOKS, SKIP_MESSAGE, skipWithoutChromium, type Look } from './browser';
import { fixturePopups, navigate } from './fixture-popup';
import { text } from './suite';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface State {
  name: string;
  snapshot: Snapshot;
  replies?: Partial<Record<Channel, Result<unknown>>>;
  clock?: string;
  /** Brings the popup into the state (after it showed its first view). */
  steps?: (page: Page, look: Look) => Promise<void>;
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

const STATES: State[] = [
  { name: 'today ready', snapshot: fixtures.beforeWork },
  { name: 'today late with an invalid record', snapshot: fixtures.lateWithInvalid },
  { name: 'today all done', snapshot: fixtures.allDone },
  { name: 'today queued offline', snapshot: fixtures.queuedOffline },
  { name: 'today held', snapshot: fixtures.held },
  { name: 'today reminder', snapshot: fixtures.reminder },
  { name: 'today rest day', snapshot: fixtures.restDay },
  { name: 'today background error', snapshot: fixtures.backgroundError },
  { name: 'today demo', snapshot: fixtures.demo },
  { name: 'today server, signed out', snapshot: fixtures.serverRevoked },
  {
    name: 'today early clock-out (warning colour)',
    snapshot: fixtures.atWork,
    clock: '2026-11-27T17:00:00+08:00',
  },
  {
    name: 'today after a punch',
    snapshot: fixtures.beforeWork,
    replies: { punch: { ok: true, value: outcomes.punchedOnDuty } },
    steps: (page, look) => button(page, text(look, 'punchAction.OnDuty')).click(),
  },
  {
    name: 'today punch refused',
    snapshot: fixtures.beforeWork,
    replies: {
      punch: { ok: false, error: { code: 'ipNotWhitelisted', message: 'x', detail: {} } },
    },
    steps: (page, look) => button(page, text(look, 'punchAction.OnDuty')).click(),
  },
  {
    name: 'the menu open',
    snapshot: fixtures.beforeWork,
    steps: async (page) => {
      await page.locator('.menu-button').click();
      await page.getByRole('menu').waitFor();
    },
  },
  { name: 'settings', snapshot: fixtures.beforeWork, steps: (page) => navigate(page, 'settings') },
  {
    name: 'the doctor with problems',
    snapshot: fixtures.beforeWork,
    replies: { runDoctor: { ok: true, value: reports.problems } },
    steps: async (page, look) => {
      await navigate(page, 'doctor');
      await button(page, text(look, 'doctor.run')).click();
      await page.locator('.checks').first().waitFor();
    },
  },
  { name: 'history', snapshot: fixtures.beforeWork, steps: (page) => navigate(page, 'history') },
  { name: 'about', snapshot: fixtures.beforeWork, steps: (page) => navigate(page, 'about') },
  { name: 'guide', snapshot: fixtures.beforeWork, steps: (page) => navigate(page, 'guide') },
  { name: 'setup: connect', snapshot: fixtures.unconfigured },
  {
    name: 'setup: company server address',
    snapshot: fixtures.unconfigured,
    steps: (page, look) =>
      page
        .getByRole('button', { name: new RegExp(`^${text(look, 'onboarding.serverTitle')}`) })
        .click(),
  },
  { name: 'setup: server sign-in', snapshot: fixtures.serverNeedsSignIn },
  { name: 'setup: identity', snapshot: fixtures.needsIdentity },
  {
    name: 'setup: check',
    snapshot: fixtures.beforeWork,
    replies: { runDoctor: { ok: true, value: reports.problems } },
    steps: (page) => navigate(page, 'onboarding'),
  },
];

if (skipWithoutChromium()) {
  describe.skip(`accessibility (${SKIP_MESSAGE})`, () => undefined);
} else {
  describe('accessibility: axe finds nothing on any view', () => {
    const openPopup = fixturePopups();

    for (const look of LOOKS) {
      for (const state of STATES) {
        it(`${state.name} (${look.lang}, ${look.theme})`, async () => {
          const p = await openPopup(state.snapshot, {
            lang: look.lang,
            theme: look.theme,
            replies: state.replies ?? {},
            ...(state.clock ? { clock: state.clock } : {}),
          });
          await state.steps?.(p.page, look);
          await p.page.waitForLoadState('networkidle');
          await p.page.evaluate(() => document.fonts.ready.then(() => undefined));
          const results = await new AxeBuilder({ page: p.page }).withTags(TAGS).analyze();
          const found = results.violations.map(
            (v) =>
              `${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
          );
          expect(found).toEqual([]);
        });
      }
    }
  });
}
