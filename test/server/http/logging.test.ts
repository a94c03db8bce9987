import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, portLogger } from '../../../server/http/logging';
import { AppError } from '../../../shared/errors';

function capture() {
  const lines: string[] = [];
  const app = Fastify({ logger: loggerOptions('debug', { write: (l) => lines.push(l) }) });
  return { app, text: () => lines.join('') };
}

describe('the server log', () => {
  it('keeps error codes readable (the admin must see why) while a sign-in code is redacted', async () => {
    const { app, text } = capture();
    app.log.info({ code: 'quotaExhausted', status: 503 }, 'request refused');
    portLogger(app.log).warn('punch refused by DingTalk', { id: 1, code: 'userNotFound' });
    app.log.error({ err: Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }) }, 'failed');
    app.log.error({ err: new AppError('dingtalkBusy', 'busy') }, 'failed');
    portLogger(app.log).info('callback', { query: { code: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' } });
    portLogger(app.log).info('exchange', { code: 'SECRETCODEABCDEFGHIJKLMNOPQRSTUVWX' });
    const out = text();
    expect(out).toContain('"code":"quotaExhausted"');
    expect(out).toContain('"code":"userNotFound"');
    expect(out).toContain('"code":"SQLITE_BUSY"');
    expect(out).toContain('"code":"dingtalkBusy"');
    expect(out).not.toContain('a1b2c3d4e5f6');
    expect(out).not.toContain('SECRETCODE');
    await app.close();
  });

  it('redacts tokens and proofs wherever they are logged', async () => {
    const { app, text } = capture();
    portLogger(app.log).warn('x', {
      headers: {
        authorization: 'DPoP tok-1',
        dpop: 'proof-2',
        'x-acs-dingtalk-access-token': 'tok-3',
      },
      refresh_token: 'tok-4',
    });
    const out = text();
    for (const secret of ['tok-1', 'proof-2', 'tok-3', 'tok-4']) expect(out).not.toContain(secret);
    await app.close();
  });
});
