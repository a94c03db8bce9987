/**
 * The composition root of Daka Server: opens the database, builds the
 * DingTalk client (its calls metered) behind the rate-limited gateway, the
 * rooms (auth, punches, day data, health, policies, the event bus, Stream
 * mode when configured), the HTTP app, and listens. `close()` is the graceful
 * shutdown: readiness goes false, the listener stops taking connections and
 * finishes the requests in flight, the punch worker finishes its uploads in
 * flight, then the caches, the meter and the database close.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDingTalkClient } from '../main/dingtalk';
import { type Clock, type Fetch, type Logger, systemClock } from '../main/ports';
import { dateKey } from '../shared/time';
import { registerAdmin } from './admin';
import { createAuthService } from './auth';
import { createDayData } from './batch/day-data';
import { createServerMeter } from './batch/meter';
import type { DakaServerConfig } from './config';
import { createGateway } from './dingtalk';
import { createHealthService } from './health';
import { buildHttpApp } from './http/app';
import { loggerOptions, portLogger, type LogDestination } from './http/logging';
import { DEFAULT_HTTP_LIMITS, type HttpOptions, type HttpServices } from './http/types';
import { createPolicySource } from './policies';
import { createPunchService } from './punches';
import { createStreamListener, type StreamListener } from './stream';
import { openDatabase } from './store/database';
import { createSharedRooms } from './store/instances';

export interface StartOptions {
  config: DakaServerConfig;
  fetch?: Fetch;
  clock?: Clock;
  /** The rooms' logger; default: the server's JSON log. */
  logger?: Logger;
  /** Where the JSON log goes (default stdout). */
  logStream?: LogDestination;
  /** Running against the in-process simulator (reported by /v1/me). */
  demo?: boolean;
  /** Overrides of the HTTP limits (tests). */
  http?: Partial<Pick<typeof DEFAULT_HTTP_LIMITS, 'heartbeatMs' | 'bodyLimit'>> & {
    rateLimit?: HttpOptions['rateLimit'];
  };
  /** The punch worker's poll interval (tests). */
  punchPollMs?: number;
  /** How long after a lost answer a missing record means "never recorded" (tests). */
  punchGraceMs?: number;
  /** DingTalk calls per second per API (tests against a simulator with another limit). */
  dingtalkPerSecond?: number;
  /** Where the admin console's built bundle is (default out/admin). */
  adminUiDir?: string;
}

export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:8780. */
  url: string;
  services: HttpServices;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'daka-server.db';
const READY_TOKEN_TIMEOUT_MS = 2_000;

export function serverVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Settles with `fallback` if `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

export async function startDakaServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  // The rooms are built before the HTTP app (which owns the JSON log): forward to it once it exists.
  let sink: Logger | null = options.logger ?? null;
  const logger: Logger = {
    debug: (m, d) => sink?.debug(m, d),
    info: (m, d) => sink?.info(m, d),
    warn: (m, d) => sink?.warn(m, d),
    error: (m, d) => sink?.error(m, d),
  };

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    file: join(config.dataDir, DATABASE_FILE),
  });
  const { db } = database;
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  try {
    // SQLite: all in process. PostgreSQL: leases, events and the DingTalk rate shared.
    const shared = await createSharedRooms(database, { clock, logger });
    cleanups.unshift(() => shared.close());
    const meter = await createServerMeter({
      db,
      clock,
      timeZone: config.timeZone,
      cap: config.monthlyCap,
    });
    cleanups.unshift(() => meter.stop());
    const client = createDingTalkClient({
      config: {
        appKey: config.appKey,
        appSecret: config.appSecret,
        ...config.dingtalk,
        timeZone: config.timeZone,
      },
      fetch: options.fetch,
      clock,
      onCall: (event) => meter.record(event),
      logger,
    });
    const gateway = createGateway({
      api: client,
      clock,
      logger,
      ...(shared.limiterFor ? { limiterFor: shared.limiterFor } : {}),
      ...(options.dingtalkPerSecond ? { perSecond: options.dingtalkPerSecond } : {}),
    });
    const { bus } = shared;
    const policies = await createPolicySource({ db, clock, bus, initial: config.policies });
    const dayData = createDayData({
      db,
      api: gateway,
      clock,
      timeZone: config.timeZone,
      operatorUserId: config.operatorUserId,
      budgetMode: () => meter.budgetMode(),
      logger,
      leases: shared.leases,
    });
    // A changed day in DingTalk: the cache is stale and the employee's desktops hear it.
    const dayChanged = async (userId: string, at: number) => {
      await dayData.invalidate(userId, at);
      bus.publish({ userId }, { event: 'day', data: { date: dateKey(at, config.timeZone) } });
    };
    /**
     * A punch of ours that DingTalk took changes nothing the desktop does not know: it shows
     * the punch from its outbox (provisional) as in direct mode, hears 'punch' on the stream,
     * and the morning verification reads it back for everyone in one batch. Re-reading the
     * day after each upload would cost one counted listRecord per punch (≈ 4 calls per
     * employee per workday instead of ≈ 2). A Stream push of our own upload is skipped too.
     */
    const isOwnUpload = async (userId: string, at: number) => {
      const row = await db
        .selectFrom('punches')
        .select('id')
        .where('user_id', '=', userId)
        .where('state', '=', 'punched')
        .where('check_time', '>=', at - 1000)
        .where('check_time', '<=', at + 1000)
        .executeTakeFirst();
      return row !== undefined;
    };
    const auth = createAuthService({
      db,
      ...(shared.replay ? { replay: shared.replay } : {}),
      config,
      dingtalk: gateway,
      clock,
      bus,
      logger,
      onSignIn: (userId, name) => dayData.rememberUser(userId, name),
    });
    const punches = createPunchService({
      db,
      gateway,
      clock,
      policies: () => policies.get(),
      bus,
      logger,
      ...(options.punchPollMs ? { pollMs: options.punchPollMs } : {}),
      ...(options.punchGraceMs ? { graceMs: options.punchGraceMs } : {}),
      leases: shared.leases,
    });
    const health = createHealthService({
      api: gateway,
      meter,
      clock,
      timeZone: config.timeZone,
      probeUser: async () => {
        const fixed = config.admins[0] ?? config.operatorUserId;
        if (fixed) return fixed;
        const recent = await db
          .selectFrom('users')
          .select('user_id')
          .orderBy('last_seen_at', 'desc')
          .executeTakeFirst();
        return recent?.user_id ?? null;
      },
    });
    let stream: StreamListener | null = null;
    if (config.stream) {
      stream = createStreamListener({
        appKey: config.appKey,
        appSecret: config.appSecret,
        db,
        clock,
        logger,
        meter,
        onCheckRecord: (userId, at) =>
          void isOwnUpload(userId, at)
            .then((own) => (own ? undefined : dayChanged(userId, at)))
            .catch((error: unknown) =>
              logger.warn('stream: could not invalidate a day', { userId, error: String(error) }),
            ),
      });
    }

    let accepting = true;
    const services: HttpServices = {
      auth,
      punches,
      dayData,
      health,
      bus,
      policies,
      quota: () => {
        const f = meter.figures();
        return {
          month: f.month,
          counted: f.counted,
          pushes: f.pushes,
          cap: f.cap,
          budgetMode: f.budgetMode,
        };
      },
      async readiness() {
        const database = await sql`select 1 as one`.execute(db).then(
          () => true,
          () => false,
        );
        const dingtalkToken = await within(
          gateway.getAccessToken().then(() => true),
          READY_TOKEN_TIMEOUT_MS,
          false,
        );
        const checks = { database, dingtalkToken, accepting };
        // DingTalk's health is reported, not required: a proxy that pulled every instance
        // when DingTalk (or its IP whitelist) fails would cut off the punch queue, the
        // desktops' doctor and the admin console exactly when IT needs them.
        return { ready: database && accepting, checks };
      },
    };

    const https = config.tls
      ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) }
      : null;
    const { app } = await buildHttpApp(services, {
      publicUrl: config.publicUrl,
      timeZone: config.timeZone,
      version: serverVersion(),
      mode: options.demo ? 'demo' : 'live',
      clock,
      trustProxy: config.trustProxy,
      ...DEFAULT_HTTP_LIMITS,
      ...options.http,
      logger: loggerOptions(config.logLevel, options.logStream),
      https,
      extend: (fastify) =>
        registerAdmin(fastify, {
          db,
          clock,
          logger,
          config,
          dingtalk: gateway,
          revoke: (sessionId, reason, actor) => auth.revoke(sessionId, reason, actor),
          policies,
          meter: () => meter.figures(),
          health,
          stream: () => stream?.status() ?? null,
          version: serverVersion(),
          ...(options.adminUiDir ? { uiDir: options.adminUiDir } : {}),
        }),
    });
    sink ??= portLogger(app.log);
    cleanups.unshift(async () => {
      await app.close();
    });

    punches.start();
    dayData.start();
    await stream?.start();
    const url = await app.listen({ host: config.listen.host, port: config.listen.port });
    logger.info('daka-server: listening', {
      url,
      publicUrl: config.publicUrl,
      mode: options.demo ? 'demo' : 'live',
      dataDir: config.dataDir,
      store: database.kind,
    });

    let closing: Promise<void> | null = null;
    return {
      url,
      services,
      close: () =>
        (closing ??= (async () => {
          accepting = false;
          logger.info('daka-server: shutting down');
          // New connections stop here; requests in flight finish; SSE streams end.
          await app.close();
          // Uploads already handed to DingTalk finish and their outcome is written.
          await punches.stop();
          await stream?.stop();
          await dayData.stop();
          await meter.stop();
          await shared.close();
          await database.close();
          logger.info('daka-server: stopped');
        })()),
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}
