/**
 * Issue #10 item 14, in the background: a held punch's notification names what holds it
 * (the outbox entry's `held`) and what the employee can do now, in zh-CN and en, not one
 * generic "decide whether to send it". Real dictionaries, the fake electron module.
 */
import { describe, expect, it } from 'vitest';
import type { AppErrorPayload } from '../../shared/errors';
import { translate } from '../../shared/i18n';
import type { PunchOutcome } from '../../shared/model';
import { createNotifier, type HeldCause } from '../../main/shell/notifier';
import { createFakeElectron } from '../fakes/electron';
import { recordingLogger } from './fixtures';

function held(reason: AppErrorPayload): PunchOutcome {
  return {
    outcome: 'held',
    type: 'OnDuty',
    at: '2026-11-27T08:57:00+08:00',
    intentId: 'intent-1',
    reason,
  };
}

function notifyHeld(lang: 'zh-CN' | 'en', reason: AppErrorPayload, cause: HeldCause | null) {
  const electron = createFakeElectron({ platform: 'linux' });
  const asked: string[] = [];
  const notifier = createNotifier({
    electron,
    platform: 'linux',
    t: (key, vars) => translate(lang, key as Parameters<typeof translate>[1], vars),
    logger: recordingLogger(),
    actions: { punch: () => undefined, snooze: () => undefined, openPopup: () => undefined },
    heldCause: (intentId) => {
      asked.push(intentId);
      return cause;
    },
  });
  notifier.punchResult(held(reason));
  const shown = electron.Notification.instances.filter((n) => n.shown);
  expect(shown).toHaveLength(1);
  expect(asked).toEqual(['intent-1']);
  return shown[0]?.options ?? {};
}

const ipRefused = {
  code: 'ipNotWhitelisted',
  message: 'ip not in whitelist',
  detail: { ip: '203.0.113.7' },
} as const;

describe('a held punch in the background names its cause', () => {
  it('zh-CN, the IP whitelist: the cause, then the office network or VPN, or the DingTalk app', () => {
    const n = notifyHeld('zh-CN', ipRefused, 'network');
    expect(n.title).toBe('上班打卡 08:57 已暂存，没有发出');
    expect(n.body).toBe(
      '公司的 IP 白名单不包含出口 IP 203.0.113.7。连上公司网络或 VPN 后在 Daka 里点“立即发送”，或在钉钉 App 里打卡',
    );
  });

  it('en, the quota used up: the cause, then the DingTalk app and the doctor', () => {
    const n = notifyHeld('en', { code: 'quotaExhausted', message: '90020' }, 'dingtalk');
    expect(n.title).toBe('Clock-in at 08:57 held, not sent');
    expect(n.body).toBe(
      'Your company has used up this month’s DingTalk API quota. Punch in the DingTalk app; Daka’s doctor shows the cause and the fix',
    );
  });

  it('zh-CN and en, offline too long: check its time, then send or discard', () => {
    const offline = { code: 'networkDown', message: 'fetch failed' } as const;
    expect(notifyHeld('zh-CN', offline, 'offline').body).toBe(
      '离线时间太长，没有自动发送：打开 Daka 确认时间后发送或丢弃',
    );
    expect(notifyHeld('en', offline, 'offline').body).toMatch(/^It waited offline too long/);
  });

  it('no entry to read the cause from: the refusal itself, never a made-up cause', () => {
    expect(notifyHeld('zh-CN', ipRefused, null).body).toBe(
      '公司的 IP 白名单不包含出口 IP 203.0.113.7',
    );
  });
});
