/**
 * The punch log as CSV for Excel: UTF-8 with a byte order mark (without it
 * Excel reads UTF-8 Chinese as mojibake), CRLF lines, RFC 4180 quoting, the
 * column names and outcomes in the administrator's language, times in the
 * organisation's zone. A cell that starts like a formula is prefixed with an
 * apostrophe: a device name is typed by whoever runs the desktop.
 */
import type { AppErrorPayload } from '../../shared/errors';
import { adminEn } from '../../shared/i18n/admin.en';
import { adminZhCN } from '../../shared/i18n/admin.zh-CN';
import { describeError, type UiLanguage } from '../../shared/i18n';
import type { AdminMessages } from '../../shared/i18n/admin';
import { formatDingTalk } from '../../shared/time';
import type { PunchEntry } from './ui/contract';

export const BOM = '\uFEFF';
const DICTIONARIES: Record<UiLanguage, AdminMessages> = { 'zh-CN': adminZhCN, en: adminEn };

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function punchesCsv(entries: PunchEntry[], language: UiLanguage, timeZone: string): string {
  const p = DICTIONARIES[language].punches;
  const time = (ms: number) => formatDingTalk(ms, timeZone);
  const header = [
    p.userId,
    p.name,
    p.device,
    p.clicked,
    p.received,
    p.checkTime,
    p.outcome,
    p.reason,
    p.requestId,
    p.ip,
  ];
  const rows = entries.map((e) => [
    e.userId,
    e.userName ?? '',
    e.deviceName,
    time(e.clickedAt),
    time(e.receivedAt),
    e.outcomes.includes('refused') ? '' : time(e.checkTime),
    e.outcomes.map((o) => p.outcomes[o]).join(' / '),
    e.reason
      ? `${describeError(language, e.reason as AppErrorPayload).message} (${e.reason.code})`
      : '',
    e.requestId ?? '',
    e.ip ?? '',
  ]);
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvFileName(from: string | undefined, to: string | undefined): string {
  return `daka-punches${from ? `-${from}` : ''}${to ? `_${to}` : ''}.csv`;
}
