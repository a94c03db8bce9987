/**
 * DingTalk Stream mode (optional, `config.stream`). The composition root builds
 * one listener and wires each punch to the day cache and the desktops:
 *
 *   createStreamListener({ appKey, appSecret, db, clock, logger, meter,
 *     onCheckRecord: (userId, at) => { void dayData.invalidate(userId, at).then(() =>
 *       bus.publish({ userId }, { event: 'day', data: { date: dateKey(at, timeZone) } })) } })
 */
export {
  createStreamListener,
  type StreamListener,
  type StreamListenerOptions,
  type StreamState,
  type StreamStatus,
  type StreamTimers,
} from './listener';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
export {
  createDwClient,
  type StreamClientFactory,
  type StreamClientLike,
  type StreamCredentials,
} from './client';
export { CHECK_RECORD_EVENT } from './event';
