/** The server's DingTalk gateway (rate-limited client) and its limiter. */
export { createGateway, DEFAULT_PER_SECOND, LOCAL_METHODS, comeBackDelay } from './gateway';
export type { GatewayOptions } from './gateway';
export { admit, createLimiter } from './limiter';
export type { Admission, Limiter, LimiterOptions, SlotState } from './limiter';
