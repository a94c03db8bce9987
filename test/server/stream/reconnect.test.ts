import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createStreamListener,
  DEFAULT_BACKOFF,
  type StreamListener,
  type StreamListenerOptions,
} from '../../../server/stream/index';
import { captureLogger, FakeTimers, fakeFactory, type FakeBehaviour, tempDatabase } from './fakes';

const SECRET = 'sEcReT-app-secret-0123456789';

/** An error shaped like the package's axios error when the gateway cannot be reached. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 203.119.0.1:443'), {
    code: 'ECONNREFUSED',
    config: { data: JSON.stringify({ clientId: 'dingappkey', clientSecret: SECRET }) },
  });
}

describe('backoffDelay', () => {
  const options = { ...DEFAULT_BACKOFF, random: () => 0 };

  it('doubles from 1 s and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20, 5000].map((n) => backoffDelay(n, options));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
  });

  it('takes up to the jitter fraction off, never more, never above the cap', () => {
    expect(backoffDelay(1, { ...options, random: () => 0.999999 })).toBe(800);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(3600);
    expect(backoffDelay(30, { ...options, random: () => 0.5 })).toBe(54000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(2, DEFAULT_BACKOFF)));
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(1600);
      expect(delay).toBeLessThanOrEqual(2000);
    }
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('Stream listener: connection', () => {
  let database: Awaited<ReturnType<typeof tempDatabase>>;
  let timers: FakeTimers;
  let logger: ReturnType<typeof captureLogger>;
  let listener: StreamListener | null;

  const make = (behaviour: FakeBehaviour, extra: Partial<StreamListenerOptions> = {}) => {
    const fake = fakeFactory(behaviour);
    listener = createStreamListener({
      appKey: 'dingappkey',
      appSecret: SECRET,
      db: database.db,
      clock: timers,
      logger,
      meter: { recordPush: () => undefined },
      onCheckRecord: () => undefined,
      clientFactory: fake.factory,
      timers,
      backoff: { random: () => 0.5 },
      ...extra,
    });
    return { fake, listener };
  };

  /** Time from now to the next attempt, as the admin console would read it. */
  const wait = (l: StreamListener) => {
    const status = l.status();
    expect(status.state).toBe('backoff');
    return (status.nextAttemptAt ?? Number.NaN) - timers.now();
  };

  beforeEach(async () => {
    database = await tempDatabase();
    timers = new FakeTimers();
    logger = captureLogger();
    listener = null;
  });

  afterEach(async () => {
    await listener?.stop();
    await database.dispose();
  });

  it('backs off 1 s, 2 s, 4 s… with jitter, capped at 60 s, while the gateway is down', async () => {
    const { fake, listener } = make({
      open: async () => {
        throw refused();
      },
    });
    expect(listener.status().state).toBe('off');
    await listener.start();
    await timers.advance(0);
    const delays: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const delay = wait(listener);
      delays.push(delay);
      await timers.advance(delay - 1);
      expect(fake.clients).toHaveLength(i + 1); // not a moment early
      await timers.advance(1);
    }
    expect(delays).toEqual([900, 1800, 3600, 7200, 14400, 28800, 54000, 54000, 54000]);
    expect(fake.clients).toHaveLength(10);
    expect(fake.clients.every((c) => c.disconnects >= 1)).toBe(true);
    const status = listener.status();
    expect(status.reconnects).toBe(9);
    expect(status.lastError).toMatchObject({ code: 'networkDown' });
    // The axios error carried the request body; none of it reaches the log or the status.
    expect(logger.text()).not.toContain(SECRET);
    expect(JSON.stringify(status)).not.toContain(SECRET);
  });

  it('reconnects after a drop; a connection that keeps dropping backs off further', async () => {
    const { fake, listener } = make({}, { livenessCheckMs: 1000 });
    await listener.start();
    await timers.advance(0);
    expect(listener.status().state).toBe('connected');

    fake.last().drop();
    await timers.advance(1000); // the liveness check notices
    expect(wait(listener)).toBe(900);
    await timers.advance(900);
    expect(fake.clients).toHaveLength(2);
    expect(listener.status()).toMatchObject({ state: 'connected', reconnects: 1 });

    fake.last().drop(); // up 1 s only: still failing
    await timers.advance(1000);
    expect(wait(listener)).toBe(1800);
    await timers.advance(1800);
    expect(listener.status().state).toBe('connected');

    await timers.advance(10 * 60_000); // healthy for 10 minutes
    expect(fake.clients).toHaveLength(3);
    fake.last().drop(); // DingTalk rotated the connection: start over from 1 s
    await timers.advance(1000);
    expect(wait(listener)).toBe(900);
    expect(fake.clients.slice(0, 2).every((c) => c.disconnects >= 1)).toBe(true);
  });

  it('stop() ends the backoff: no attempt after it, state off', async () => {
    const { fake, listener } = make({
      open: async () => {
        throw refused();
      },
    });
    await listener.start();
    await timers.advance(0);
    await timers.advance(wait(listener));
    expect(fake.clients).toHaveLength(2);
    await listener.stop();
    await timers.advance(3600_000);
    expect(fake.clients).toHaveLength(2);
    expect(listener.status()).toMatchObject({ state: 'off', nextAttemptAt: null });
    expect(timers.pending()).toBe(0);
  });

  it('stop() while connected closes the client and stops watching it', async () => {
    const { fake, listener } = make({});
    await listener.start();
    await timers.advance(0);
    const client = fake.last();
    await listener.stop();
    expect(client.disconnects).toBe(1);
    client.drop();
    await timers.advance(600_000);
    expect(fake.clients).toHaveLength(1);
    expect(listener.status().state).toBe('off');
  });

  it('stop() during connections/open closes the socket that opens afterwards', async () => {
    let release: () => void = () => undefined;
    const { fake, listener } = make({
      open: () => new Promise<void>((resolve) => (release = resolve)),
    });
    await listener.start();
    await timers.advance(0);
    expect(listener.status().state).toBe('connecting');
    await listener.stop();
    release();
    await timers.advance(0);
    expect(fake.last().connected).toBe(false);
    expect(fake.last().disconnects).toBeGreaterThanOrEqual(1);
    await timers.advance(600_000);
    expect(fake.clients).toHaveLength(1);
  });

  it('gives up an attempt that hangs (timeout) and backs off', async () => {
    const { fake, listener } = make(
      { open: () => new Promise<void>(() => undefined) },
      { connectTimeoutMs: 30_000 },
    );
    await listener.start();
    await timers.advance(29_999);
    expect(listener.status().state).toBe('connecting');
    await timers.advance(1);
    expect(listener.status().lastError).toMatchObject({ code: 'timeout' });
    expect(wait(listener)).toBe(900);
    expect(fake.clients).toHaveLength(1);
  });

  it('a refused secret is reported as wrongCredentials, without the secret', async () => {
    const { listener } = make({
      open: async () => {
        throw Object.assign(new Error('Request failed with status code 401'), {
          isAxiosError: true,
          response: { status: 401, data: { code: 'invalidClientIdOrSecret', message: SECRET } },
          config: { data: { clientSecret: SECRET } },
        });
      },
    });
    await listener.start();
    await timers.advance(0);
    expect(listener.status().lastError).toEqual({
      code: 'wrongCredentials',
      message: 'Request failed with status code 401',
      detail: { dingtalkCode: 'invalidClientIdOrSecret', api: 'gateway/connections/open' },
    });
    expect(logger.text()).not.toContain(SECRET);
  });
});
