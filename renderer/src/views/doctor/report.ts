/**
 * The plain-text report an employee pastes to IT, entirely in the chosen
 * language: every label and sentence translated (shared/i18n/doctor.ts, the
 * same sentences as the screen), codes kept verbatim (check ids, error codes,
 * permission scopes, DingTalk's error numbers) because IT searches for those.
 * It is built only from the snapshot and the doctor's report, which hold no
 * secret by contract; the robot's access token (a setting, but a credential of
 * sorts) is left out too.
 */
import type { Snapshot } from '../../../../shared/contract';
import type { DoctorCheck, DoctorReport } from '../../../../shared/model';
import { checkFix, checkName, checkSentence, doctorSummary } from '../../../../shared/i18n/doctor';
import type { MessageKey } from '../../../../shared/i18n/types';
import { errorText } from '../../components/ErrorNotice';
import { orgTimeZone } from '../../format';
import type { T } from '../../i18n';

/** Facts by their label in the report's language; an unknown one keeps its key (a code). */
const FACT_KEYS = new Set([
  'ip',
  'skewMs',
  'counted',
  'cap',
  'total',
  'month',
  'kind',
  'memoryOnly',
  'userId',
  'via',
  'upload',
  'lastUpload',
  'version',
  'apiVersion',
  'mode',
  'device',
  'probedAs',
]);

function factLabel(t: T, key: string): string {
  return FACT_KEYS.has(key) ? t(`report.fact.${key}` as MessageKey) : key;
}

/** Values that are words get translated; ids, numbers and times stay as they are. */
function factValue(t: T, key: string, value: string | number): string {
  if (key === 'kind' && (value === 'os' || value === 'basicText' || value === 'unavailable')) {
    return `${t(`storageKind.${value}`)} (${value})`;
  }
  if (key === 'kind' && value === 'memory') return `${t('storageKind.memory')} (${value})`;
  if (key === 'memoryOnly' && (value === 'yes' || value === 'no')) return t(`report.${value}`);
  if (key === 'upload' && value === 'firstPunch') return t('doctor.uploadFirstPunch');
  if (key === 'mode' && (value === 'live' || value === 'demo')) {
    return `${t(`doctor.serverMode.${value}`)} (${value})`;
  }
  return String(value);
}

/** "公司服务器 (server) · https://… · 服务器 1.4.0，接口版本 1，正式 · 事件推送：已连接". */
function connectionLine(t: T, snapshot: Snapshot): string {
  const { kind, server, serverInfo, events } = snapshot.connection;
  const parts = [`${t(`connectionKind.${kind}`)} (${kind})`];
  if (server) parts.push(server);
  if (serverInfo) {
    parts.push(
      t('report.server', {
        version: serverInfo.version,
        apiVersion: serverInfo.apiVersion,
        mode: t(`doctor.serverMode.${serverInfo.mode}`),
      }),
    );
  }
  if (kind === 'server') {
    parts.push(t('report.events', { state: t(`report.eventState.${events}`) }));
  }
  return parts.join(' · ');
}

function checkLines(t: T, check: DoctorCheck): string[] {
  const origin = check.origin === 'server' ? `${t('report.originServer')}: ` : '';
  const head = `[${t(`doctor.status.${check.status}`)}] ${origin}${check.id}${
    check.subject ? ` ${check.subject}` : ''
  } · ${checkName(t, check)}`;
  const lines = [head, `    ${checkSentence(t, check)}`];
  const fix = checkFix(t, check);
  if (fix) lines.push(`    ${t('report.fix')}: ${fix}`);
  if (check.error) {
    const d = check.error.detail ?? {};
    const technical = [
      check.error.code,
      d.dingtalkCode && t('report.dingtalkCode', { code: d.dingtalkCode }),
      d.dingtalkMessage && t('report.dingtalkSaid', { text: d.dingtalkMessage }),
      d.api && t('report.api', { api: d.api }),
      d.field && t('report.field', { field: d.field }),
    ].filter(Boolean);
    lines.push(`    ${technical.join(' · ')}`);
  }
  for (const [key, value] of Object.entries(check.facts)) {
    lines.push(`    ${factLabel(t, key)}: ${factValue(t, key, value)}`);
  }
  return lines;
}

function errorLine(t: T, label: string, error: NonNullable<Snapshot['lastError']>): string {
  return `${label}: ${error.code} · ${errorText(t, error).message}`;
}

export function reportText(t: T, snapshot: Snapshot | null, report: DoctorReport | null): string {
  const lines = [t('report.title')];
  if (snapshot) {
    const { quota } = snapshot;
    const storage = snapshot.secretStorage;
    lines.push(
      `${t('report.version')}: ${snapshot.version}`,
      `${t('report.platform')}: ${snapshot.platform}`,
      `${t('report.mode')}: ${t(`mode.${snapshot.mode}`)} (${snapshot.mode})`,
      `${t('report.connection')}: ${connectionLine(t, snapshot)}`,
      `${t('report.appKey')}: ${snapshot.appKeyMasked ?? t('report.none')}`,
      `${t('report.user')}: ${snapshot.identity ? `${snapshot.identity.userId} (${snapshot.identity.via})` : t('report.none')}`,
      `${t('report.timeZone')}: ${orgTimeZone(snapshot)}`,
      `${t('report.online')}: ${snapshot.online ? t('report.onlineYes') : t('report.onlineNo')}`,
      `${t('report.secretStorage')}: ${t(`storageKind.${storage.kind}`)} (${storage.kind})${
        storage.memoryOnly ? t('report.memoryOnly') : ''
      }`,
      `${t('report.quota')}: ${t('report.quotaLine', {
        month: quota.month,
        counted: quota.counted,
        cap: quota.cap,
        total: quota.total,
        tokens: quota.tokenFetches,
      })}${quota.budgetMode ? t('report.quotaBudget') : ''}`,
    );
    const signedOut = snapshot.connection.signedOutReason;
    if (signedOut) lines.push(errorLine(t, t('report.signedOut'), signedOut));
    if (snapshot.lastError) lines.push(errorLine(t, t('report.lastError'), snapshot.lastError));
  }
  lines.push('');
  if (!report) {
    lines.push(`${t('report.checks')}: ${t('report.notRun')}`);
    return lines.join('\n');
  }
  lines.push(
    `${t('report.checkedAt')}: ${t('report.checkedAtLine', { at: report.at, calls: report.countedCalls })}`,
    doctorSummary(t, report.checks).text,
    `${t('report.checks')}:`,
  );
  for (const check of report.checks) lines.push(...checkLines(t, check));
  return lines.join('\n');
}
