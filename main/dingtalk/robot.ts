/**
 * Custom group robot webhook with 加签 (dingtalk-api.md §7): the signature is
 * HmacSHA256(key = secret, `${timestampMs}\n${secret}`) → Base64 → URL-encoded,
 * and the timestamp must be within an hour of DingTalk's clock.
 */
import { createHmac } from 'node:crypto';
import { systemClock, silentLogger, type Clock, type Fetch, type Logger } from '../ports';
import { ROBOT_API } from './endpoints';
import { DEFAULT_CONFIG } from './config';
import { createSkewTracker } from './skew';
import { createTransport, type Transport } from './transport';
import type { CallEvent, RobotMessage, RobotSender, RobotTarget } from './types';
import { robotReply } from './wire';

/** The URL-encoded `sign` query value for a millisecond timestamp. */
export function robotSign(timestampMs: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

export interface RobotDeps {
  transport: Transport;
  oapiBase: string;
  /** DingTalk's idea of now: local time corrected by the measured skew. */
  serverNow: () => number;
}

/** A robot message is not idempotent (a resend posts it twice): one attempt. */
export function robotSender(deps: RobotDeps): RobotSender {
  return {
    async send(target: RobotTarget, message: RobotMessage) {
      const timestamp = Math.round(deps.serverNow());
      const url =
        `${deps.oapiBase}/robot/send?access_token=${encodeURIComponent(target.accessToken)}` +
        `&timestamp=${timestamp}&sign=${robotSign(timestamp, target.secret)}`;
      const outcome = await deps.transport.send({
        api: ROBOT_API,
        url,
        method: 'POST',
        body: message,
        dialect: 'robot',
        schema: robotReply,
        quotaCounted: false,
        token: false,
        appToken: false,
        secrets: [target.accessToken, target.secret],
      });
      if (!outcome.ok) throw outcome.error;
    },
  };
}

export interface RobotSenderOptions {
  /** Default https://oapi.dingtalk.com */
  oapiBase?: string;
  fetch?: Fetch;
  clock?: Clock;
  timeoutMs?: number;
  onCall?: (event: CallEvent) => void;
  logger?: Logger;
}

/** A robot sender on its own (the DingTalk client also exposes one sharing its clock skew). */
export function createRobotSender(options: RobotSenderOptions = {}): RobotSender {
  const clock = options.clock ?? systemClock;
  const skew = createSkewTracker();
  const transport = createTransport({
    fetch: options.fetch ?? fetch,
    clock,
    timeoutMs: options.timeoutMs ?? DEFAULT_CONFIG.timeoutMs,
    skew,
    onCall: options.onCall ?? (() => undefined),
    logger: options.logger ?? silentLogger,
  });
  return robotSender({
    transport,
    oapiBase: (options.oapiBase ?? DEFAULT_CONFIG.oapiBase).replace(/\/+$/, ''),
    serverNow: () => clock.now() + (skew.skewMs() ?? 0),
  });
}
