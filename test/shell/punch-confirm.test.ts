/**
 * The tray's 早退打卡… asks in place (issue #10 items 1, 6): the punch goes through the
 * engine (against the simulator over real HTTP), the rule asks, the fake electron's
 * message box shows the popup's own question, and only its confirm button punches.
 * Cancel sends nothing. zh-CN and en.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageBoxOptions } from 'electron';
import { confirmationBox, createPunchAsker, punchAsking } from '../../main/shell/punch-confirm';
import { translate } from '../../shared/i18n';
import type { MessageKey } from '../../shared/i18n/types';
import { createFakeElectron } from '../fakes/electron';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const t =
  (lang: 'zh-CN' | 'en') =>
  (key: string, vars?: Record<string, string | number>): string =>
    translate(lang, key as MessageKey, vars);

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Clocked in at 08:55; it is 17:00, an hour before the planned 18:00. */
async function atFivePm() {
  const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
  await f.engine.open();
  expect((await f.engine.punch()).outcome).toBe('punched');
  f.sim.clock.set(at(`${FRIDAY} 17:00:00`));
  return f;
}

const offDutyRecords = (f: Fixture) =>
  f.sim.records.filter((r) => r.userCheckTime >= at(`${FRIDAY} 12:00:00`));

describe('the tray asks before an early clock-out', () => {
  it('zh-CN: the popup’s question; confirmed, it punches', async () => {
    const f = await atFivePm();
    const { dialog } = createFakeElectron({ platform: 'linux' });
    const outcome = await punchAsking({
      punch: (confirm) => f.engine.punch(confirm),
      dialog,
      t: t('zh-CN'),
    });
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    const [[box]] = dialog.shown as [[MessageBoxOptions]];
    expect(box).toMatchObject({
      message: '还没到下班时间（18:00）',
      detail: '现在打卡记为早退，确定吗？',
      buttons: ['早退打卡', '取消'],
      cancelId: 1,
      defaultId: 1,
    });
    expect(offDutyRecords(f).map((r) => r.userCheckTime)).toEqual([at(`${FRIDAY} 17:00:00`)]);
  });

  it('en: cancelled, nothing is sent', async () => {
    const f = await atFivePm();
    const { dialog } = createFakeElectron({ platform: 'darwin' });
    dialog.messageBoxResult = { response: 1, checkboxChecked: false };
    const outcome = await punchAsking({
      punch: (confirm) => f.engine.punch(confirm),
      dialog,
      t: t('en'),
    });
    expect(outcome).toBeNull();
    const [[box]] = dialog.shown as [[MessageBoxOptions]];
    expect(box.buttons).toEqual(['Clock out early', 'Cancel']);
    expect(box.message).toContain('18:00');
    expect(offDutyRecords(f)).toEqual([]);
  });

  it('on time, no question: it punches at once', async () => {
    const f = await atFivePm();
    f.sim.clock.set(at(`${FRIDAY} 18:02:00`));
    const { dialog } = createFakeElectron({ platform: 'linux' });
    const outcome = await punchAsking({
      punch: (confirm) => f.engine.punch(confirm),
      dialog,
      t: t('zh-CN'),
    });
    expect(outcome).toMatchObject({ outcome: 'punched' });
    expect(dialog.shown).toEqual([]);
  });

  it('brings the app forward right before the box (macOS: no Dock icon, popup hidden), and only when it asks', async () => {
    const f = await atFivePm();
    const { dialog } = createFakeElectron({ platform: 'darwin' });
    const order: string[] = [];
    const watched = {
      showMessageBox: (options: MessageBoxOptions) => {
        order.push('box');
        return dialog.showMessageBox(options);
      },
    };
    await punchAsking({
      punch: (confirm) => f.engine.punch(confirm),
      dialog: watched,
      t: t('en'),
      focus: () => order.push('focus'),
    });
    expect(order).toEqual(['focus', 'box']);
    order.length = 0;
    f.sim.clock.set(at(`${FRIDAY} 18:30:00`));
    await punchAsking({
      punch: (confirm) => f.engine.punch(confirm),
      dialog: watched,
      t: t('en'),
      focus: () => order.push('focus'),
    });
    expect(order).toEqual([]);
  });

  it('a second click while the question is open asks nothing and punches nothing', async () => {
    const f = await atFivePm();
    const answers: ((r: { response: number }) => void)[] = [];
    const dialog = {
      showMessageBox: () => new Promise<{ response: number }>((resolve) => answers.push(resolve)),
    };
    const ask = createPunchAsker({
      punch: (confirm) => f.engine.punch(confirm),
      dialog,
      t: t('zh-CN'),
    });
    const first = ask();
    await expect.poll(() => answers.length).toBe(1);
    // The tray item clicked again (a double click) while the message box is up.
    const second = await ask();
    expect(second).toBeNull();
    expect(answers).toHaveLength(1);
    answers[0]?.({ response: 0 });
    expect(await first).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    expect(offDutyRecords(f)).toHaveLength(1);
    // Once answered, the next click is a new question.
    f.sim.clock.set(at(`${FRIDAY} 17:10:00`));
    const third = ask();
    await expect.poll(() => answers.length).toBe(2);
    answers[1]?.({ response: 1 });
    expect(await third).toBeNull();
    expect(offDutyRecords(f)).toHaveLength(1);
  });

  it('a repeat clock-in asks in the popup’s words too (it changes nothing)', () => {
    const box = confirmationBox(
      {
        outcome: 'needs-confirmation',
        type: 'OnDuty',
        at: `${FRIDAY}T09:03:00+08:00`,
        previousAt: `${FRIDAY}T08:57:00+08:00`,
      },
      t('zh-CN'),
    );
    expect(box).toMatchObject({
      message: '08:57 已经打过上班卡',
      detail: '钉钉以第一次上班卡为准，再打一次不会改变结果。',
      buttons: ['仍要打卡', '取消'],
    });
  });
});
