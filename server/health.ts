/**
 * The server's doctor: what IT needs to know about the server's own link to
 * DingTalk (credentials, each permission, the IP DingTalk sees, the token,
 * the clock, the quota). Served to desktops at /v1/health and printed by
 * `daka-server doctor`.
 *
 * Like the desktop's doctor (main/attendance/doctor.ts) it spends as few
 * counted calls as it can: an API that answered well in the last 10 minutes
 * is judged by that answer; the upload permission is never probed by
 * punching. Results are kept for a minute, so a room full of desktops opening
 * their doctor costs one round of calls.
 */
import { type AppErrorPayload, toErrorPayload } from '../shared/errors';
import type { DoctorCheck } from '../shared/model';
import { dateKey } from '../shared/time';
import type { ApiOutcome } from '../main/attendance/quota';
import { apiName, ENDPOINTS } from '../main/dingtalk/endpoints';
import type { DingTalkApi } from '../main/dingtalk/types';
import type { Clock } from '../main/ports';
import type { HealthService } from './services';

const RECENT_MS = 10 * 60_000;
const CACHE_MS = 60_000;
const SKEW_WARN_MS = 60_000;
/** Codes that say nothing about the API being checked (the request never got that far). */
const INCONCLUSIVE = new Set(['networkDown', 'timeout', 'dingtalkBusy', 'rateLimited', 'ipBanned']);

export interface HealthDeps {
  api: Pick<
    DingTalkApi,
    'getAccessToken' | 'scheduleByDay' | 'listRecords' | 'userIdByUnionId' | 'clockSkewMs'
  >;
  meter: {
    lastOutcome(api: string): ApiOutcome | undefined;
    figures(): { month: string; counted: number; total: number; cap: number; budgetMode: boolean };
  };
  clock: Clock;
  timeZone: string;
  /** Whose schedule to read for the permission probes (an admin, the operator, a recent user). */
  probeUser: () => Promise<string | null>;
}

type Probe = { ok: true } | { ok: false; error: AppErrorPayload };

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  try {
    await fn();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

const check = (c: Omit<DoctorCheck, 'error' | 'facts'> & Partial<DoctorCheck>): DoctorCheck => ({
  error: null,
  facts: {},
  ...c,
});

function permissionCheck(permission: string, p: Probe | null, facts = {}): DoctorCheck {
  if (!p) return check({ id: 'permission', subject: permission, status: 'skipped', facts });
  if (p.ok) return check({ id: 'permission', subject: permission, status: 'pass', facts });
  if (p.error.code === 'missingPermission') {
    return check({ id: 'permission', subject: permission, status: 'fail', error: p.error, facts });
  }
  const inconclusive = INCONCLUSIVE.has(p.error.code) || p.error.code === 'ipNotWhitelisted';
  return check({
    id: 'permission',
    subject: permission,
    status: inconclusive ? 'skipped' : 'pass',
    facts,
  });
}

export async function runServerDoctor(deps: HealthDeps): Promise<DoctorCheck[]> {
  const now = deps.clock.now();
  const recentOr = async (endpoint: string, call: () => Promise<unknown>): Promise<Probe> => {
    const last = deps.meter.lastOutcome(endpoint);
    if (last?.ok && now - last.at < RECENT_MS) return { ok: true };
    return probe(call);
  };
  const checks: DoctorCheck[] = [];
  const token = await probe(() => deps.api.getAccessToken());
  checks.push(
    check({
      id: 'credentials',
      subject: null,
      status: token.ok ? 'pass' : 'fail',
      error: token.ok ? null : token.error,
    }),
  );
  const user = token.ok ? await deps.probeUser() : null;
  const schedule =
    token.ok && user
      ? await recentOr(apiName(ENDPOINTS.listByDay), () =>
          deps.api.scheduleByDay(user, dateKey(now, deps.timeZone)),
        )
      : null;
  const records =
    token.ok && user
      ? await recentOr(apiName(ENDPOINTS.listRecord), () =>
          deps.api.listRecords([user], now - 60_000, now),
        )
      : null;
  // A lookup of a unionId that cannot exist tells whether the contact scope is there (free).
  const contact = token.ok
    ? await probe(() => deps.api.userIdByUnionId('daka-doctor-probe')).then((p) =>
        !p.ok && p.error.code === 'userNotFound' ? ({ ok: true } as Probe) : p,
      )
    : null;

  const complaint = [token, schedule, records, contact].find(
    (p): p is { ok: false; error: AppErrorPayload } =>
      p !== null && !p.ok && p.error.code === 'ipNotWhitelisted',
  );
  const ip = complaint?.error.detail?.ip;
  checks.push(
    check({
      id: 'ipWhitelist',
      subject: null,
      status: complaint ? 'fail' : token.ok ? 'pass' : 'skipped',
      error: complaint?.error ?? null,
      facts: ip ? { ip } : {},
    }),
  );

  const probedAs = user ? { probedAs: user } : {};
  checks.push(permissionCheck(ENDPOINTS.listByDay.permission, schedule, probedAs));
  checks.push(permissionCheck(ENDPOINTS.listRecord.permission, records, probedAs));
  checks.push(permissionCheck(ENDPOINTS.getByUnionId.permission, contact));
  const upload = deps.meter.lastOutcome(apiName(ENDPOINTS.upload));
  const uploadMissing = upload?.errorCode === 'missingPermission';
  checks.push(
    check({
      id: 'permission',
      subject: ENDPOINTS.upload.permission,
      status: !upload ? 'skipped' : uploadMissing ? 'fail' : 'pass',
      error: uploadMissing
        ? {
            code: 'missingPermission',
            message: 'Missing permission',
            detail: { permission: ENDPOINTS.upload.permission },
          }
        : null,
      facts: upload ? { lastUpload: upload.at } : {},
    }),
  );

  const skew = deps.api.clockSkewMs();
  checks.push(
    check({
      id: 'clockSkew',
      subject: null,
      status: skew === null ? 'skipped' : Math.abs(skew) > SKEW_WARN_MS ? 'warn' : 'pass',
      facts: skew === null ? {} : { skewMs: Math.round(skew) },
    }),
  );
  const quota = deps.meter.figures();
  checks.push(
    check({
      id: 'quota',
      subject: null,
      status: quota.budgetMode ? 'warn' : 'pass',
      facts: { counted: quota.counted, cap: quota.cap, total: quota.total, month: quota.month },
    }),
  );
  return checks;
}

/** The HealthService: the doctor, kept for a minute and never run twice at once. */
export function createHealthService(deps: HealthDeps): HealthService {
  let cached: { at: number; checks: DoctorCheck[] } | null = null;
  let running: Promise<DoctorCheck[]> | null = null;
  return {
    async checks() {
      if (cached && deps.clock.now() - cached.at < CACHE_MS) return cached.checks;
      running ??= runServerDoctor(deps)
        .then((checks) => {
          cached = { at: deps.clock.now(), checks };
          return checks;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
