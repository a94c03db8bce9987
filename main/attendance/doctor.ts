/**
 * The doctor: a checklist for the employee and IT (credentials, each
 * permission, IP whitelist, identity, schedule access, clock skew, quota,
 * secret storage), each item pass/fail with facts the UI turns into a fix hint.
 *
 * It spends as few quota-counted calls as it can: free calls (token, contact
 * lookups) are made; an attendance API that answered in the last 10 minutes is
 * judged by that answer; otherwise one small read each (listbyday, listRecord).
 * The upload permission is never probed by punching: it is known from the last
 * upload, or reported as not yet checked.
 */
import type { SecretStorageInfo } from '../../shared/contract';
import { type AppErrorPayload, NO_ANSWER_CODES, toErrorPayload } from '../../shared/errors';
import type { DoctorCheck, DoctorReport, Identity } from '../../shared/model';
import { dateKey, toZonedIso } from '../../shared/time';
import { apiName, ENDPOINTS } from '../dingtalk/endpoints';
import type { DingTalkApi } from '../dingtalk/types';
import type { Cipher, Clock } from '../ports';
import type { CallMeter } from './quota';

const RECENT_MS = 10 * 60_000;
const SKEW_WARN_MS = 60_000;

const API = {
  listByDay: apiName(ENDPOINTS.listByDay),
  listRecord: apiName(ENDPOINTS.listRecord),
  upload: apiName(ENDPOINTS.upload),
} as const;

const PERMISSIONS = {
  schedule: ENDPOINTS.listByDay.permission,
  records: ENDPOINTS.listRecord.permission,
  upload: ENDPOINTS.upload.permission,
  contact: ENDPOINTS.getByUnionId.permission,
} as const;

/** Codes that say nothing about the API being checked (the request never got that far). */
const INCONCLUSIVE = new Set([...NO_ANSWER_CODES, 'dingtalkBusy', 'rateLimited', 'ipBanned']);

export interface DoctorDeps {
  api: Pick<
    DingTalkApi,
    'getAccessToken' | 'scheduleByDay' | 'listRecords' | 'userIdByUnionId' | 'clockSkewMs'
  > | null;
  meter: CallMeter;
  clock: Clock;
  timeZone: string;
  identity: Identity | null;
  secretStorage: SecretStorageInfo;
  cipherKind: Cipher['kind'];
}

type Probe = { ok: true } | { ok: false; error: AppErrorPayload };

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const countedBefore = deps.meter.figures().counted;
  const checks: DoctorCheck[] = [];
  const add = (c: Omit<DoctorCheck, 'error' | 'facts'> & Partial<DoctorCheck>) =>
    checks.push({ error: null, facts: {}, ...c });
  const now = deps.clock.now();

  // Credentials (free).
  const configured = deps.api;
  const token = configured ? await probe(() => configured.getAccessToken()) : null;
  if (!configured || !token) {
    add({
      id: 'credentials',
      subject: null,
      status: 'fail',
      error: { code: 'notConfigured', message: 'No DingTalk app is configured' },
    });
  } else {
    add({
      id: 'credentials',
      subject: null,
      status: token.ok ? 'pass' : 'fail',
      error: token.ok ? null : token.error,
    });
  }
  const api = configured && token?.ok ? configured : null;
  const userId = deps.identity?.userId ?? null;

  // Schedule (counted, unless it answered recently): also tells IP whitelist and identity.
  const schedule =
    api && userId
      ? await recentOr(deps, API.listByDay, now, () =>
          api.scheduleByDay(userId, dateKey(now, deps.timeZone)),
        )
      : null;
  // Records (counted, unless recent).
  const records =
    api && userId
      ? await recentOr(deps, API.listRecord, now, () =>
          api.listRecords([userId], now - 60_000, now),
        )
      : null;
  // Contacts (free): a lookup of a unionId that cannot exist tells whether the scope is there.
  const contact = api
    ? await probe(() => api.userIdByUnionId('daka-doctor-probe')).then((p) =>
        !p.ok && p.error.code === 'userNotFound' ? ({ ok: true } as Probe) : p,
      )
    : null;

  // IP whitelist: any oapi answer tells; the first that complains names the IP.
  const ipComplaint = [token, schedule, records, contact].find(
    (p): p is { ok: false; error: AppErrorPayload } =>
      p !== null && !p.ok && p.error.code === 'ipNotWhitelisted',
  );
  add({
    id: 'ipWhitelist',
    subject: null,
    status: ipComplaint ? 'fail' : api ? 'pass' : 'skipped',
    error: ipComplaint?.error ?? null,
    facts: ipComplaint?.error.detail?.ip ? { ip: ipComplaint.error.detail.ip } : {},
  });

  // Identity.
  if (!userId) {
    add({
      id: 'identity',
      subject: null,
      status: 'fail',
      error: { code: 'notSignedIn', message: 'Sign in first' },
    });
  } else {
    const bad =
      schedule && !schedule.ok && ['userNotFound', 'userOutOfRange'].includes(schedule.error.code);
    add({
      id: 'identity',
      subject: userId,
      status: bad ? 'fail' : 'pass',
      error: bad && schedule && !schedule.ok ? schedule.error : null,
      facts: { userId, via: deps.identity?.via ?? '' },
    });
  }

  // Permissions Daka uses.
  add(permissionCheck(PERMISSIONS.schedule, schedule));
  add(permissionCheck(PERMISSIONS.records, records));
  add(permissionCheck(PERMISSIONS.contact, contact));
  const upload = deps.meter.lastOutcome(API.upload);
  add({
    id: 'permission',
    subject: PERMISSIONS.upload,
    // Only an accepted upload proves the permission; none yet, or one refused for another
    // reason (offline, punching off, throttled), proves nothing: confirmed at the first punch.
    status: upload?.ok ? 'pass' : upload?.errorCode === 'missingPermission' ? 'fail' : 'skipped',
    error:
      upload && upload.errorCode === 'missingPermission'
        ? {
            code: 'missingPermission',
            message: 'Missing permission',
            detail: { permission: PERMISSIONS.upload },
          }
        : null,
    facts: {
      ...(upload?.ok || upload?.errorCode === 'missingPermission' ? {} : { upload: 'firstPunch' }),
      ...(upload ? { lastUpload: toZonedIso(upload.at, deps.timeZone) } : {}),
    },
  });

  // Schedule access.
  if (!schedule) {
    add({ id: 'schedule', subject: null, status: 'skipped' });
  } else if (!schedule.ok) {
    add({
      id: 'schedule',
      subject: null,
      status: schedule.error.code === 'missingPermission' ? 'warn' : 'fail',
      error: schedule.error,
    });
  } else {
    add({ id: 'schedule', subject: null, status: 'pass' });
  }

  // Clock skew.
  const skew = deps.api?.clockSkewMs() ?? null;
  add({
    id: 'clockSkew',
    subject: null,
    status: skew === null ? 'skipped' : Math.abs(skew) > SKEW_WARN_MS ? 'warn' : 'pass',
    facts: skew === null ? {} : { skewMs: Math.round(skew) },
  });

  // Quota.
  const quota = deps.meter.figures();
  add({
    id: 'quota',
    subject: null,
    status: quota.budgetMode ? 'warn' : 'pass',
    facts: { counted: quota.counted, cap: quota.cap, total: quota.total, month: quota.month },
  });

  // Secret storage: the OS keychain passes; Linux's basic_text or none at all still work,
  // with secrets kept in memory only (or weakly, if accepted): a warning, not a failure.
  const s = deps.secretStorage;
  add({
    id: 'secretStorage',
    subject: null,
    status: s.kind === 'os' || deps.cipherKind === 'test' ? 'pass' : 'warn',
    facts: { kind: s.kind, memoryOnly: s.memoryOnly ? 'yes' : 'no' },
  });

  return {
    at: toZonedIso(now, deps.timeZone),
    checks,
    countedCalls: deps.meter.figures().counted - countedBefore,
  };
}

function permissionCheck(permission: string, p: Probe | null): DoctorCheck {
  if (!p)
    return { id: 'permission', subject: permission, status: 'skipped', error: null, facts: {} };
  if (p.ok)
    return { id: 'permission', subject: permission, status: 'pass', error: null, facts: {} };
  if (p.error.code === 'missingPermission') {
    return { id: 'permission', subject: permission, status: 'fail', error: p.error, facts: {} };
  }
  const status =
    INCONCLUSIVE.has(p.error.code) || p.error.code === 'ipNotWhitelisted' ? 'skipped' : 'pass';
  return { id: 'permission', subject: permission, status, error: null, facts: {} };
}

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  try {
    await fn();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

/** A success of the API in the last 10 minutes stands; otherwise a fresh call. */
async function recentOr(
  deps: DoctorDeps,
  api: string,
  now: number,
  call: () => Promise<unknown>,
): Promise<Probe> {
  // Only a success is reused: a failure is asked again, for its details (the IP, the scope).
  const last = deps.meter.lastOutcome(api);
  if (last?.ok && now - last.at < RECENT_MS) return { ok: true };
  return probe(call);
}
