/**
 * Who the employee is. Browser login (dingtalk-api.md §6): loopback redirect →
 * user token → users/me (unionId) → getbyunionid with the APP token → userid.
 */
import type { DemoMoment } from '../../shared/contract';
import type { CheckType, Identity } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import type { DingTalkApi } from '../dingtalk/types';
import type { Clock } from '../ports';
import { registerSecret } from '../redact';
import { startLoopbackLogin } from './loopback';

/**
 * What the demo's reminder moments follow: the reminder planner's next reminder (the one
 * the Now line shows), and the settings' times for when the day is not known yet.
 */
export type DemoReminderTimes = Pick<
  Settings['reminders'],
  'beforeOnDutyMinutes' | 'afterOffDutyMinutes'
> & {
  /** nextReminder's answer: null, nothing more reminds today; absent, no day to ask about. */
  upcoming?: { at: number; checkType: CheckType; snoozeEnd: boolean } | null;
};

/** The in-process simulator behind demo mode. */
export interface DemoBackend {
  urls: { oapiBase: string; apiBase: string; loginBase: string };
  appKey: string;
  appSecret: string;
  userId: string;
  userName: string;
  /** The simulated DingTalk's clock: in demo mode the engine's clock too. */
  clock: Clock;
  /** Where "play the day" would go next (nothing moves). */
  next(reminders: DemoReminderTimes): { moment: DemoMoment; at: number };
  /** Moves the simulated clock to the next moment of the demo day and says which. */
  play(reminders: DemoReminderTimes): { moment: DemoMoment; at: number };
  /** Demo mode's "browser": follows the authorize URL as the demo user would approve. */
  approveLogin(url: string): Promise<void>;
  close(): Promise<void>;
}

export interface LoginFlow {
  identity: Promise<Identity>;
  cancel(): void;
}

export interface LoginDeps {
  api: Pick<DingTalkApi, 'authorizeUrl' | 'userAccessToken' | 'me' | 'userIdByUnionId'>;
  openUrl: (url: string) => Promise<void>;
  timeoutMs: number;
}

export async function loginWithBrowser(deps: LoginDeps): Promise<LoginFlow> {
  const loopback = await startLoopbackLogin({
    authorizeUrl: (redirectUri, state) => deps.api.authorizeUrl(redirectUri, state),
    timeoutMs: deps.timeoutMs,
  });
  const identity = (async (): Promise<Identity> => {
    await deps.openUrl(loopback.url).catch((error: unknown) => {
      loopback.cancel();
      throw error;
    });
    const code = await loopback.code;
    const token = await deps.api.userAccessToken(code);
    registerSecret(token.accessToken);
    registerSecret(token.refreshToken);
    const me = await deps.api.me(token.accessToken);
    const userId = await deps.api.userIdByUnionId(me.unionId);
    return { userId, name: me.nick, via: 'browser' };
  })();
  return { identity, cancel: () => loopback.cancel() };
}
