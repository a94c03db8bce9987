/**
 * What the doctor says, in sentences: each check's name (a permission by its
 * name, the scope code shown beside it), one sentence of what was found, who
 * fixes it, and the summary line at the top. The popup's doctor, the
 * onboarding check, the IT report and `daka doctor` all speak through this one
 * module, so they never disagree. Pure: it only picks keys and their values.
 */
import type { DoctorCheck } from '../model';
import { describeErrorWith, type Vars } from './core';
import type { MessageKey } from './types';

/** Both the renderer's `t` and main's `translate(lang, …)` fit this. */
export type DoctorT = (key: MessageKey, vars?: Vars) => string;

/** The permission scopes Daka uses, by their name in the employee's words. */
const PERMISSION_NAMES = {
  qyapi_attendance_group_read: 'doctor.permissionName.schedule',
  qyapi_get_attendance_data: 'doctor.permissionName.records',
  'Pro.AttendanceRecord.Write': 'doctor.permissionName.upload',
  qyapi_get_member: 'doctor.permissionName.contact',
  qyapi_get_member_by_mobile: 'doctor.permissionName.mobile',
  qyapi_base: 'doctor.permissionName.base',
  'Contact.User.Read': 'doctor.permissionName.me',
} as const satisfies Record<string, MessageKey>;

const UPLOAD_SCOPE = 'Pro.AttendanceRecord.Write';

/** Under a minute apart the clocks agree (the doctor warns past one minute). */
const SKEW_OK_MS = 60_000;

function permissionKey(scope: string | null): MessageKey | null {
  return scope && Object.hasOwn(PERMISSION_NAMES, scope)
    ? PERMISSION_NAMES[scope as keyof typeof PERMISSION_NAMES]
    : null;
}

/** The row's name: "读取考勤记录" for a permission (its code goes beside it), else the check's. */
export function checkName(t: DoctorT, check: DoctorCheck): string {
  if (check.id === 'permission') {
    const key = permissionKey(check.subject);
    return key ? t(key) : t('doctor.check.permission');
  }
  return t(`doctor.check.${check.id}`);
}

/** The code shown small beside the name (a permission's scope, the server's address). */
export function checkCode(check: DoctorCheck): string | null {
  return check.id === 'permission' || check.id === 'server' ? check.subject : null;
}

/** Whether an upload has not been tried yet: then it is confirmed at the first punch. */
export function awaitsFirstPunch(check: DoctorCheck): boolean {
  return (
    check.id === 'permission' &&
    check.subject === UPLOAD_SCOPE &&
    check.status === 'skipped' &&
    (check.facts.upload === 'firstPunch' || check.origin === 'server' || !check.facts.upload)
  );
}

/** "约 7 分钟" / "about 7 minutes" (seconds under two minutes, where a minute would mislead). */
function amount(t: DoctorT, ms: number): Vars {
  const abs = Math.abs(ms);
  return abs < 120_000
    ? { amount: Math.round(abs / 1000), unit: t('doctor.unit.seconds') }
    : { amount: Math.round(abs / 60_000), unit: t('doctor.unit.minutes') };
}

function clockSentence(t: DoctorT, check: DoctorCheck): string {
  const skew = check.facts.skewMs;
  const server = check.origin === 'server';
  if (typeof skew !== 'number') return t('doctor.say.clockUnknown');
  if (Math.abs(skew) <= SKEW_OK_MS && check.status === 'pass') {
    return t(server ? 'doctor.say.clockServerOk' : 'doctor.say.clockOk');
  }
  // skewMs is DingTalk's clock minus ours: positive means ours is behind.
  const vars = amount(t, skew);
  if (skew > 0) return t(server ? 'doctor.say.clockServerBehind' : 'doctor.say.clockBehind', vars);
  return t(server ? 'doctor.say.clockServerAhead' : 'doctor.say.clockAhead', vars);
}

/**
 * A missing permission the row already names: its name and code head the row, so the
 * error's own sentence and fix ("应用缺少接口权限 Pro.…", "…开通 Pro.… 权限") would only
 * repeat the code. The row says "应用没有这项权限" and "…开通这项权限" instead.
 */
function rowNamesPermission(check: DoctorCheck): boolean {
  return (
    check.id === 'permission' &&
    check.error?.code === 'missingPermission' &&
    (check.error.detail?.permission ?? check.subject) === check.subject
  );
}

/** One sentence of what the check found, in the employee's language. */
export function checkSentence(t: DoctorT, check: DoctorCheck): string {
  // A refusal's own message is the most exact sentence there is ("…不包含本机出口 IP 203.0.113.7").
  if (check.error && check.status !== 'pass' && !rowNamesPermission(check))
    return describeErrorWith(tAny(t), check.error).message;
  const { status, facts } = check;
  switch (check.id) {
    case 'credentials':
      return t(status === 'pass' ? 'doctor.say.credentialsOk' : 'doctor.say.credentialsBad');
    case 'ipWhitelist':
      return t(status === 'pass' ? 'doctor.say.ipOk' : 'doctor.say.ipUnknown');
    case 'identity': {
      const userId = facts.userId ?? check.subject;
      return userId !== undefined && userId !== null && status === 'pass'
        ? t('doctor.say.identityOk', { userId })
        : t('doctor.say.identityUnknown');
    }
    case 'permission':
      if (awaitsFirstPunch(check)) return t('doctor.uploadFirstPunch');
      if (status === 'pass') return t('doctor.say.permissionOk');
      if (status === 'fail' || rowNamesPermission(check)) return t('doctor.say.permissionMissing');
      return t('doctor.say.permissionUnknown');
    case 'schedule':
      return t(status === 'pass' ? 'doctor.say.scheduleOk' : 'doctor.say.scheduleUnknown');
    case 'clockSkew':
      return clockSentence(t, check);
    case 'quota': {
      const { counted, cap } = facts;
      if (counted === undefined || cap === undefined) return t('doctor.say.quotaUnknown');
      return t(status === 'warn' ? 'doctor.say.quotaLow' : 'doctor.say.quotaOk', { counted, cap });
    }
    case 'secretStorage': {
      if (status === 'pass') return t('doctor.say.storageOk');
      return t(facts.memoryOnly === 'yes' ? 'doctor.say.storageMemory' : 'doctor.say.storageWeak');
    }
    case 'server':
      if (status === 'pass') {
        return facts.version !== undefined
          ? t('doctor.say.serverOk', { version: facts.version })
          : t('doctor.say.serverReached');
      }
      return t('doctor.say.serverUnknown');
    case 'serverSession':
      if (status === 'pass' && check.subject) {
        return t('doctor.say.sessionOk', { name: check.subject });
      }
      return t('doctor.say.sessionUnknown');
    case 'directTrust':
      return t('doctor.say.directTrust');
  }
}

/** The fix for a check that needs one, or null. */
export function checkFix(t: DoctorT, check: DoctorCheck): string | null {
  if (check.status !== 'fail' && check.status !== 'warn') return null;
  // The server's checks are about the server's DingTalk app: IT's to fix, not the employee's.
  if (check.origin === 'server') return t('doctor.serverOriginFix');
  if (check.error && !rowNamesPermission(check)) return describeErrorWith(tAny(t), check.error).fix;
  return t(`doctor.checkFix.${check.id}`);
}

/** Who fixes a problem: IT (the company's app, its whitelist, the server) or the employee. */
export function fixedBy(check: DoctorCheck): 'it' | 'you' {
  if (check.origin === 'server') return 'it';
  switch (check.id) {
    case 'identity':
    case 'clockSkew':
    case 'secretStorage':
    case 'serverSession':
    case 'quota':
      return 'you';
    default:
      return 'it';
  }
}

/**
 * A standing notice, not a problem: direct mode is a choice, and its warning says so on
 * every run; it does not turn "一切正常" into a problem to fix.
 */
function isNotice(check: DoctorCheck): boolean {
  return check.id === 'directTrust';
}

export interface DoctorSummary {
  tone: 'ok' | 'bad';
  text: string;
}

/** The line at the top: "一切正常", "2 个问题需要 IT 处理", "1 个问题需要你处理，2 个需要 IT 处理". */
export function doctorSummary(t: DoctorT, checks: readonly DoctorCheck[]): DoctorSummary {
  const problems = checks.filter(
    (c) => (c.status === 'fail' || c.status === 'warn') && !isNotice(c),
  );
  const it = problems.filter((c) => fixedBy(c) === 'it').length;
  const you = problems.length - it;
  if (it > 0 && you > 0) return { tone: 'bad', text: t('doctor.summary.both', { you, it }) };
  if (it > 0) {
    return {
      tone: 'bad',
      text: t(it === 1 ? 'doctor.summary.itOne' : 'doctor.summary.it', { it }),
    };
  }
  if (you > 0) {
    return {
      tone: 'bad',
      text: t(you === 1 ? 'doctor.summary.youOne' : 'doctor.summary.you', { you }),
    };
  }
  // Never "all well" over checks that did not run; the upload is confirmed at the first punch.
  const unchecked = checks.filter((c) => c.status === 'skipped' && !awaitsFirstPunch(c)).length;
  if (unchecked > 0) {
    return {
      tone: 'ok',
      text: t(unchecked === 1 ? 'doctor.summary.uncheckedOne' : 'doctor.summary.unchecked', {
        count: unchecked,
      }),
    };
  }
  return { tone: 'ok', text: t('doctor.summary.ok') };
}

/** describeErrorWith takes any key (error.<code>.*); those keys are all MessageKeys. */
function tAny(t: DoctorT): (key: string, vars?: Vars) => string {
  return (key, vars) => t(key as MessageKey, vars);
}
