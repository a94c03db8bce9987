/** What the HTTP layer is built from: the rooms it calls and how it is set up. */
import type { Clock } from '../../main/ports';
import type { HealthReply } from '../../shared/server-api';
import type {
  AuthService,
  DayData,
  EventBus,
  HealthService,
  PolicySource,
  PunchService,
} from '../services';

export interface Readiness {
  ready: boolean;
  checks: { database: boolean; dingtalkToken: boolean; accepting: boolean };
}

export interface HttpServices {
  auth: AuthService;
  punches: PunchService;
  dayData: DayData;
  health: HealthService;
  bus: EventBus;
  policies: PolicySource;
  /** This month's DingTalk calls, from the server's meter. */
  quota(): HealthReply['quota'];
  /** /readyz: the database answers, an app token is cached or obtainable, not shutting down. */
  readiness(): Promise<Readiness>;
}

export interface RateLimit {
  max: number;
  timeWindow: number;
}

export interface HttpOptions {
  /** The configured public URL (no trailing slash): the DPoP `htu` base. */
  publicUrl: string;
  timeZone: string;
  version: string;
  mode: 'live' | 'demo';
  clock: Clock;
  rateLimit: {
    /** Every /v1 data route, keyed by session (by IP before authentication). */
    perSession: RateLimit;
    /** The sign-in routes: by client IP (the token endpoint by the credential presented). */
    perIp: RateLimit;
  };
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  heartbeatMs: number;
  /** Fastify's `trustProxy`: set when a reverse proxy adds X-Forwarded-For. */
  trustProxy: boolean | string | string[] | number;
}

export const DEFAULT_HTTP_LIMITS = {
  rateLimit: {
    perSession: { max: 120, timeWindow: 60_000 },
    perIp: { max: 60, timeWindow: 60_000 },
  },
  bodyLimit: 16 * 1024,
  heartbeatMs: 25_000,
} as const;
