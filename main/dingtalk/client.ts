/**
 * Composition: one transport (timeouts, clock skew, call events), one caller
 * (retry and upload policies), one token cache, and the typed API on top.
 */
import { systemClock, silentLogger, type Clock, type Fetch, type Logger } from '../ports';
import { fetchLegacyToken, fetchV1AccessToken } from './app-token';
import {
  getUserGroup,
  listRecords,
  listResults,
  scheduleByDay,
  schedulesByUsers,
  uploadPunch,
} from './attendance';
import { resolveConfig, type DingTalkConfigInput } from './config';
import { userIdByMobile, userIdByUnionId } from './contacts';
import { createCaller } from './http';
import { authorizeUrl, me, userAccessToken } from './oauth';
import { robotSender } from './robot';
import { createSkewTracker } from './skew';
import { createTokenCache } from './token';
import { createTransport } from './transport';
import type { CallEvent, DingTalkApi, RobotSender, TokenStore } from './types';

export interface DingTalkClientOptions {
  config: DingTalkConfigInput;
  fetch?: Fetch;
  clock?: Clock;
  /** Where the app token survives restarts; without one it lives in memory only. */
  tokenStore?: TokenStore;
  /** Every HTTP attempt, retries included (the quota meter listens). */
  onCall?: (event: CallEvent) => void;
  logger?: Logger;
  /** Backoff sleep; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface DingTalkClient extends DingTalkApi {
  /** The custom group robot, sharing this client's transport and clock skew. */
  readonly robot: RobotSender;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDingTalkClient(options: DingTalkClientOptions): DingTalkClient {
  const config = resolveConfig(options.config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const skew = createSkewTracker();
  const transport = createTransport({
    fetch: options.fetch ?? fetch,
    clock,
    timeoutMs: config.timeoutMs,
    skew,
    onCall: options.onCall ?? (() => undefined),
    logger,
  });
  // The token cache fetches through the caller, which uses the cache for
  // app-token calls; the closure is only invoked once both exist.
  const tokens = createTokenCache({
    fetchToken: () => fetchLegacyToken(caller, config, clock),
    clock,
    logger,
    store: options.tokenStore,
  });
  const caller = createCaller({
    transport,
    tokens,
    policy: { maxAttempts: config.maxAttempts, backoffMs: config.backoffMs },
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  });

  return {
    getAccessToken: () => tokens.get(),
    fetchV1AccessToken: () => fetchV1AccessToken(caller, config, clock),
    listRecords: (userIds, fromMs, toMs) => listRecords(caller, config, userIds, fromMs, toMs),
    listResults: (userIds, from, to) => listResults(caller, config, userIds, from, to),
    uploadPunch: (punch) => uploadPunch(caller, config, punch),
    scheduleByDay: (userId, date, opUserId) =>
      scheduleByDay(caller, config, userId, date, opUserId),
    schedulesByUsers: (userIds, fromMs, toMs, opUserId) =>
      schedulesByUsers(caller, config, userIds, fromMs, toMs, opUserId),
    getUserGroup: (userId) => getUserGroup(caller, config, userId),
    userIdByMobile: (mobile) => userIdByMobile(caller, config, mobile),
    userIdByUnionId: (unionId) => userIdByUnionId(caller, config, unionId),
    userAccessToken: (code) => userAccessToken(caller, config, code),
    me: (userToken) => me(caller, config, userToken),
    authorizeUrl: (redirectUri, state) => authorizeUrl(config, redirectUri, state),
    clockSkewMs: () => skew.skewMs(),
    robot: robotSender({
      transport,
      oapiBase: config.oapiBase,
      serverNow: () => clock.now() + (skew.skewMs() ?? 0),
    }),
  };
}
