/**
 * In-memory rooms for testing the HTTP layer alone: two employees, A and B,
 * each with a device session whose "access token" is `token-A` / `token-B`
 * and whose "proof" is any DPoP header naming the request's htu.
 */
import { systemClock } from '../../../main/ports';
import { AppError } from '../../../shared/errors';
import type { PunchView, ServerPolicies } from '../../../shared/server-api';
import { createEventBus } from '../../../server/events/bus';
import { buildHttpApp, type BuildHttpOptions } from '../../../server/http/app';
import { DEFAULT_HTTP_LIMITS, type HttpServices } from '../../../server/http/types';
import type { AuthedSession, RequestMeta } from '../../../server/services';

export const PUBLIC_URL = 'https://daka.example.com';

export const SESSIONS: Record<'A' | 'B', AuthedSession> = {
  A: {
    id: 'sess-A',
    userId: 'zhangwei',
    userName: '张伟',
    deviceId: 'dev-A',
    deviceName: 'Daka · A',
    createdAt: 1,
  },
  B: {
    id: 'sess-B',
    userId: 'chenjing',
    userName: '陈静',
    deviceId: 'dev-B',
    deviceName: 'Daka · B',
    createdAt: 2,
  },
};

/** Headers that authenticate as A or B for `path` (the fake proof is the htu it was made for). */
export function as(who: 'A' | 'B', path: string, method = 'GET'): Record<string, string> {
  return { authorization: `DPoP token-${who}`, dpop: `${method} ${PUBLIC_URL}${path}` };
}

export interface Fakes {
  services: HttpServices;
  /** Every RequestMeta the auth room was given. */
  metas: RequestMeta[];
  revoked: Set<string>;
  punches: Map<string, { owner: string; view: PunchView }>;
  /** Make the next call of a room throw this. */
  failNext: { error: unknown } | null;
  policies: ServerPolicies;
}

export function createFakes(): Fakes {
  const bus = createEventBus();
  const metas: RequestMeta[] = [];
  const revoked = new Set<string>();
  const punches = new Map<string, { owner: string; view: PunchView }>();
  const fakes: Fakes = {
    metas,
    revoked,
    punches,
    failNext: null,
    policies: {
      punchingEnabled: true,
      maxOfflineMinutes: 15,
      repeatGuardMinutes: 10,
      allowedClockDifferenceSeconds: 120,
    },
    services: undefined as unknown as HttpServices,
  };
  const maybeFail = () => {
    const next = fakes.failNext;
    if (next) {
      fakes.failNext = null;
      throw next.error;
    }
  };
  fakes.services = {
    bus,
    auth: {
      async startLogin(query) {
        return `https://login.example.com/oauth2/auth?state=${encodeURIComponent(query.state)}`;
      },
      async callback(query) {
        maybeFail();
        if (query.error) throw new AppError('loginDenied', `DingTalk said <${query.error}>`);
        return `http://127.0.0.1:5000/callback?code=one-time&state=${query.state ?? ''}`;
      },
      async token(request, proof) {
        maybeFail();
        if (!proof) throw new AppError('proofInvalid', 'No DPoP proof');
        return {
          access_token: 'token-A',
          token_type: 'DPoP',
          expires_in: 600,
          refresh_token: 'refresh-A-0123456789',
          session_id: SESSIONS.A.id,
          user: { userId: SESSIONS.A.userId, name: SESSIONS.A.userName },
        };
      },
      async authenticate(authorization, proof, meta) {
        metas.push(meta);
        const who = /^DPoP token-(A|B)$/.exec(authorization ?? '')?.[1] as 'A' | 'B' | undefined;
        if (!who) throw new AppError('notSignedIn', 'No or unknown token');
        const session = SESSIONS[who];
        if (revoked.has(session.id)) throw new AppError('sessionRevoked', 'Revoked');
        if (proof !== `${meta.method} ${meta.url}`) throw new AppError('proofInvalid', 'Bad proof');
        return session;
      },
      async logout(session) {
        revoked.add(session.id);
      },
      async listSessions(session) {
        maybeFail();
        return {
          sessions: [
            {
              id: session.id,
              deviceName: session.deviceName,
              platform: 'linux',
              appVersion: '0.1.0',
              createdAt: session.createdAt,
              lastSeenAt: 3,
              lastIp: '127.0.0.1',
              current: true,
            },
          ],
        };
      },
      async revokeOwn(session, sessionId) {
        const owner = Object.values(SESSIONS).find((s) => s.id === sessionId);
        if (!owner || owner.userId !== session.userId) {
          throw new AppError('forbidden', 'Not your session');
        }
        revoked.add(sessionId);
      },
      async revoke(sessionId, reason) {
        revoked.add(sessionId);
        const owner = Object.values(SESSIONS).find((s) => s.id === sessionId);
        if (owner)
          bus.publish({ userId: owner.userId, sessionId }, { event: 'revoked', data: { reason } });
      },
    },
    punches: {
      async accept(session, request) {
        maybeFail();
        const existing = punches.get(request.intentId);
        if (existing) {
          if (existing.owner !== session.userId) throw new AppError('forbidden', 'Not yours');
          return existing.view;
        }
        const view: PunchView = {
          intentId: request.intentId,
          state: 'accepted',
          checkTime: request.clickedAt,
          clickedAt: request.clickedAt,
          receivedAt: request.clickedAt,
          offline: request.queuedOffline,
          error: null,
        };
        punches.set(request.intentId, { owner: session.userId, view });
        return view;
      },
      async get(session, intentId) {
        const found = punches.get(intentId);
        if (!found || found.owner !== session.userId) {
          throw new AppError('outboxEntryNotFound', 'No such punch');
        }
        return found.view;
      },
      start: () => undefined,
      stop: async () => undefined,
    },
    dayData: {
      async schedule(userId, date) {
        maybeFail();
        return [
          {
            id: `${userId}-${date}`,
            checkType: 'OnDuty',
            checkDateTime: Date.parse(`${date}T01:00:00Z`),
            realPlanTime: null,
            checkBeginTime: null,
            checkEndTime: null,
            checkStatus: 'Init',
            isRest: false,
            className: '朝九晚六',
            classId: 1001,
            groupId: 2001,
            workDate: Date.parse(`${date}T00:00:00Z`),
            features: {},
            approval: null,
          },
        ];
      },
      async records() {
        maybeFail();
        return [];
      },
      invalidate: async () => undefined,
      rememberUser: async () => undefined,
      start: () => undefined,
      stop: async () => undefined,
    },
    health: {
      async checks() {
        maybeFail();
        return [
          {
            id: 'ipWhitelist',
            subject: null,
            status: 'fail',
            error: { code: 'ipNotWhitelisted', message: 'IP', detail: { ip: '203.0.113.9' } },
            facts: { ip: '203.0.113.9' },
          },
        ];
      },
    },
    policies: {
      get: () => fakes.policies,
      async set(next) {
        fakes.policies = next;
        bus.broadcast({ event: 'policy', data: next });
      },
    },
    quota: () => ({ month: '2026-11', counted: 3, pushes: 0, cap: 5000, budgetMode: false }),
    async readiness() {
      return { ready: true, checks: { database: true, dingtalkToken: true, accepting: true } };
    },
  };
  return fakes;
}

export function httpOptions(overrides: Partial<BuildHttpOptions> = {}): BuildHttpOptions {
  return {
    publicUrl: PUBLIC_URL,
    timeZone: 'Asia/Shanghai',
    version: '0.1.0-test',
    mode: 'live',
    clock: systemClock,
    trustProxy: false,
    ...DEFAULT_HTTP_LIMITS,
    ...overrides,
  };
}

export async function fakeApp(overrides: Partial<BuildHttpOptions> = {}) {
  const fakes = createFakes();
  const built = await buildHttpApp(fakes.services, httpOptions(overrides));
  return { ...built, fakes };
}
