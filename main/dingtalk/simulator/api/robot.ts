/**
 * Custom group robot webhook with 加签: `POST /robot/send?access_token&timestamp&sign`
 * where sign = URL-encoded Base64(HmacSHA256(key=secret, timestamp + "\n" + secret)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ROBOT_MESSAGES_PER_MINUTE } from '../permissions';
import { missingParam, oapiError, ok } from '../replies';
import type { Route } from '../route';
import { str } from '../route';

export const ROBOT_TIMESTAMP_WINDOW_MS = 3_600_000;
const SIGN_DOC = 'https://open.dingtalk.com/document/robots/customize-robot-security-settings';

export function robotSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const REQUIRED_BY_TYPE: Record<string, string> = {
  text: 'text',
  markdown: 'markdown',
  link: 'link',
  actionCard: 'actionCard',
  feedCard: 'feedCard',
};

export const robotSend: Route = {
  method: 'POST',
  path: '/robot/send',
  family: 'robot',
  appToken: false,
  handle(ctx) {
    const { query: q, sim, body } = ctx;
    const robot = sim.robot(q.access_token ?? '');
    if (!robot) return oapiError(300001);
    if (robot.secret !== null) {
      const timestamp = q.timestamp;
      if (!timestamp || !/^\d+$/.test(timestamp) || !q.sign) {
        return oapiError(310000, `sign not match, more: [${SIGN_DOC}]`);
      }
      if (Math.abs(ctx.now - Number(timestamp)) > ROBOT_TIMESTAMP_WINDOW_MS) {
        return oapiError(310000, `invalid timestamp, more: [${SIGN_DOC}]`);
      }
      if (!sameText(q.sign, robotSign(timestamp, robot.secret))) {
        return oapiError(310000, `sign not match, more: [${SIGN_DOC}]`);
      }
    }
    const key = `robot ${robot.accessToken}`;
    if (!sim.rate.allow(key, ROBOT_MESSAGES_PER_MINUTE, 60_000, ctx.now, performance.now())) {
      return oapiError(410100);
    }
    const msgtype = str(body.msgtype);
    if (!msgtype) return missingParam('msgtype');
    const part = REQUIRED_BY_TYPE[msgtype];
    if (!part) return oapiError(40035, `不支持的消息类型 msgtype=${msgtype}`);
    if (typeof body[part] !== 'object' || body[part] === null) return missingParam(part);
    sim.robotMessages.push({ accessToken: robot.accessToken, at: ctx.now, msgtype, body });
    return ok({ errcode: 0, errmsg: 'ok' });
  },
};
