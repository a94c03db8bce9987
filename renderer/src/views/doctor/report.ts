/**
 * The plain-text report an employee pastes to IT. It is built only from the
 * snapshot and the doctor's report, which hold no secret by contract; the
 * robot's access token (a setting, but a credential of sorts) is left out too.
 */
import type { Snapshot } from '../../../../shared/contract';
import type { DoctorCheck, DoctorReport } from '../../../../shared/model';
import { errorText } from '../../components/ErrorNotice';
import { orgTimeZone } from '../../format';
import type { T } from '../../i18n';

/** "company server https://… (server 1.4.0, API 1, live)" or just the kind. */
function connectionLine(t: T, snapshot: Snapshot): string {
  const { kind, server, serverInfo, events } = snapshot.connection;
  const parts = [`${t(`connectionKind.${kind}`)} (${kind})`];
  if (server) parts.push(server);
  if (serverInfo) {
    parts.push(`server ${serverInfo.version}, API ${serverInfo.apiVersion}, ${serverInfo.mode}`);
  }
  if (kind === 'server') parts.push(`events ${events}`);
  return parts.join(' · ');
}

function checkLines(t: T, check: DoctorCheck): string[] {
  const origin = check.origin === 'server' ? 'server:' : '';
  const head = `[${t(`doctor.status.${check.status}`)}] ${origin}${check.id}${
    check.subject ? ` ${check.subject}` : ''
  } · ${t(`doctor.check.${check.id}`)}`;
  const lines = [head];
  if (check.error) {
    const text = errorText(t, check.error);
    lines.push(`    ${text.message}`, `    ${t('report.fix')}: ${text.fix}`);
    const d = check.error.detail ?? {};
    const technical = [
      check.error.code,
      d.dingtalkCode && `dingtalk ${d.dingtalkCode}`,
      d.dingtalkMessage,
      d.api,
      d.field && `field ${d.field}`,
    ].filter(Boolean);
    lines.push(`    ${technical.join(' · ')}`);
  } else if (check.status === 'fail' || check.status === 'warn') {
    const fix =
      check.origin === 'server' ? t('doctor.serverOriginFix') : t(`doctor.checkFix.${check.id}`);
    lines.push(`    ${t('report.fix')}: ${fix}`);
  }
  for (const [key, value] of Object.entries(check.facts)) lines.push(`    ${key}: ${value}`);
  return lines;
}

export function reportText(t: T, snapshot: Snapshot | null, report: DoctorReport | null): string {
  const lines = [t('report.title')];
  if (snapshot) {
    const { quota } = snapshot;
    lines.push(
      `${t('report.version')}: ${snapshot.version}`,
      `${t('report.platform')}: ${snapshot.platform}`,
      `${t('report.mode')}: ${t(`mode.${snapshot.mode}`)} (${snapshot.mode})`,
      `${t('report.connection')}: ${connectionLine(t, snapshot)}`,
      `${t('report.appKey')}: ${snapshot.appKeyMasked ?? t('report.none')}`,
      `${t('report.user')}: ${snapshot.identity ? `${snapshot.identity.userId} (${snapshot.identity.via})` : t('report.none')}`,
      `${t('report.timeZone')}: ${orgTimeZone(snapshot)}`,
      `${t('report.online')}: ${snapshot.online ? t('report.onlineYes') : t('report.onlineNo')}`,
      `${t('report.secretStorage')}: ${t(`storageKind.${snapshot.secretStorage.kind}`)}${
        snapshot.secretStorage.memoryOnly ? ' (memory only)' : ''
      }`,
      `${t('report.quota')}: ${quota.month} ${quota.counted}/${quota.cap} (total ${quota.total}, tokens ${quota.tokenFetches}${quota.budgetMode ? ', budget mode' : ''})`,
    );
    const signedOut = snapshot.connection.signedOutReason;
    if (signedOut) {
      lines.push(`signedOut: ${signedOut.code} · ${errorText(t, signedOut).message}`);
    }
    if (snapshot.lastError) {
      lines.push(
        `lastError: ${snapshot.lastError.code} · ${errorText(t, snapshot.lastError).message}`,
      );
    }
  }
  lines.push('');
  if (!report) {
    lines.push(`${t('report.checks')}: ${t('report.notRun')}`);
    return lines.join('\n');
  }
  lines.push(
    `${t('report.checkedAt')}: ${report.at} (${report.countedCalls} calls)`,
    `${t('report.checks')}:`,
  );
  for (const check of report.checks) lines.push(...checkLines(t, check));
  return lines.join('\n');
}
