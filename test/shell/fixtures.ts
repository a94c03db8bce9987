/** Builders shared by the shell tests: a snapshot, a translator, a recording logger. */
import type { Snapshot } from '../../shared/contract';
import type { CheckPoint, DayStatus } from '../../shared/model';
import { defaultSettings } from '../../shared/settings';
import type { Logger } from '../../main/ports';

export function checkPoint(
  type: CheckPoint['type'],
  planned: string,
  state: CheckPoint['state'] = 'pending',
  punchedAt: string | null = null,
): CheckPoint {
  return {
    type,
    planned: `2026-11-27T${planned}:00+08:00`,
    window: null,
    state,
    result: state === 'done' ? 'Normal' : state === 'missed' ? 'NotSigned' : null,
    punchedAt: punchedAt === null ? null : `2026-11-27T${punchedAt}:00+08:00`,
    punch: null,
  };
}

export function day(overrides: Partial<DayStatus> = {}): DayStatus {
  return {
    userId: 'user-1',
    date: '2026-11-27',
    timeZone: 'Asia/Shanghai',
    restDay: false,
    onLeave: false,
    className: 'Day shift',
    source: { kind: 'dingtalk' },
    checkPoints: [checkPoint('OnDuty', '09:00'), checkPoint('OffDuty', '18:00')],
    punches: [],
    next: 'OnDuty',
    nextWorkday: null,
    fetchedAt: '2026-11-27T08:30:00+08:00',
    ...overrides,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    mode: 'configured',
    connection: {
      kind: 'direct',
      server: null,
      serverInfo: null,
      events: 'off',
      signedOutReason: null,
    },
    appKeyMasked: 'ding****1234',
    identity: { userId: 'user-1', name: '张三', via: 'browser' },
    policies: {
      punchingEnabled: true,
      mobileLookupAllowed: false,
      manualUserIdAllowed: false,
      maxOfflineMinutes: 30,
    },
    today: day(),
    trayState: 'notPunched',
    outbox: [],
    punch: { available: true, reason: null },
    quota: { month: '2026-11', counted: 3, total: 5, tokenFetches: 1, cap: 120, budgetMode: false },
    online: true,
    lastError: null,
    reminder: null,
    snoozedUntil: null,
    notToday: false,
    clockOffsetMs: 0,
    work: null,
    nextReminder: null,
    refreshing: false,
    settings: defaultSettings(),
    robotTokenSet: false,
    secretStorage: { kind: 'os', weakAccepted: false, memoryOnly: false },
    startAtLogin: false,
    platform: 'linux',
    version: '0.1.0',
    updates: { feed: null, source: 'none', reason: 'development', state: 'off', version: null },
    ...overrides,
  };
}

/**
 * The zh-CN strings the shell tests read, keyed and interpolated ({{var}}) as
 * shared/i18n does. A key missing here fails the test, so every key the shell
 * asks for is listed (and reported to the i18n owner).
 */
const ZH: Record<string, string> = {
  'common.unknown': '未知',
  'checkType.OnDuty': '上班',
  'checkType.OffDuty': '下班',
  'punchAction.OnDuty': '上班打卡',
  'punchAction.OffDuty': '下班打卡',
  'today.offer.early': '早退打卡',
  'today.offer.late': '迟到打卡',
  'today.offer.update': '更新打卡',
  'today.opensAt': '{{time}} 起可以打卡',
  'timeResult.Normal': '正常',
  'timeResult.Late': '迟到',
  'today.restDay': '今天休息',
  'today.onLeave': '今天已请假',
  'today.refresh': '刷新',
  'today.refreshing': '正在刷新…',
  'footer.demo': '演示',
  'footer.offline': '离线',
  'reminder.login': '今天还没打上班卡',
  'reminder.beforeOnDuty': '快到上班时间了',
  'reminder.forgotOffDuty': '下班了，别忘了打卡',
  'reminder.snooze': '{{minutes}} 分钟后提醒',
  'reminder.notToday': '今天不再提醒',
  'now.left': '距下班 {{d}}',
  'now.due': '可以下班了',
  'now.hm': '{{h}}小时{{m}}分',
  'now.h': '{{h}}小时',
  'now.m': '{{m}}分钟',
  'tray.resumeReminders': '恢复今天的提醒',
  'error.notSignedIn.message': '还没有确认你的钉钉身份',
  'error.notSignedIn.fix': '请用钉钉登录',
  'error.networkDown.message': '连不上网络',
  'error.networkDown.fix': '请检查网络连接',
  'error.missingPermission.message': '应用缺少接口权限 {{permission}}',
  'error.missingPermission.fix': '请管理员开通 {{permission}} 权限',
  'tray.unconfigured': '未设置',
  'tray.loading': '正在加载',
  'tray.problem': '出了点问题',
  'tray.done.OnDuty': '已上班 {{time}}',
  'tray.done.OffDuty': '已下班 {{time}}',
  'tray.pending.OnDuty': '上班 {{time}}',
  'tray.pending.OffDuty': '下班 {{time}}',
  'tray.missed.OnDuty': '上班缺卡',
  'tray.missed.OffDuty': '下班缺卡',
  'tray.setup': '开始设置…',
  'tray.punchAt': '{{action}} {{time}}',
  'tray.punchUnavailable': '{{action}}（{{reason}}）',
  'tray.today': '今日状态…',
  'tray.history': '考勤记录…',
  'tray.startAtLogin': '开机启动',
  'tray.settings': '设置…',
  'tray.quit': '退出',
  'notify.due.OnDuty': '该上班打卡了 · {{time}}',
  'notify.due.OffDuty': '该下班打卡了 · {{time}}',
  'notify.snooze': '稍后提醒',
  'notify.punched.OnDuty': '已上班打卡 {{time}}',
  'notify.punched.OffDuty': '已下班打卡 {{time}}',
  'notify.queued.OffDuty': '{{time}} 的下班打卡已记下，联网后发送',
  'notify.held.OffDuty': '{{time}} 的下班打卡已暂存，等你确认',
};

export function zh(key: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const text = ZH[key];
  if (text === undefined) throw new Error(`missing test translation: ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => String(vars[name] ?? whole));
}

export interface LogEntry {
  level: keyof Logger;
  message: string;
  data?: Record<string, unknown>;
}

export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: keyof Logger) => (message: string, data?: Record<string, unknown>) => {
    entries.push({ level, message, data });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-11-27T09:00:00+08:00')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
