/**
 * Simplified Chinese strings only main shows (tray menu, notifications, CLI):
 * kept apart so the renderer does not ship them.
 */
import type { CheckType } from '../model';

export const zhCNMain = {
  tray: {
    done: {
      OnDuty: '已上班 {{time}}',
      OffDuty: '已下班 {{time}}',
    } satisfies Record<CheckType, string>,
    pending: {
      OnDuty: '上班 {{time}}',
      OffDuty: '下班 {{time}}',
    } satisfies Record<CheckType, string>,
    missed: { OnDuty: '上班缺卡', OffDuty: '下班缺卡' } satisfies Record<CheckType, string>,
    unconfigured: '尚未设置',
    loading: '正在加载',
    problem: '需要处理',
    punchAt: '{{action}}（{{time}}）',
    punchUnavailable: '{{action}}：{{reason}}',
    setup: '设置 Daka…',
    today: '今天的打卡…',
    history: '考勤记录…',
    resumeReminders: '恢复今天的提醒',
    startAtLogin: '开机时启动',
    settings: '设置…',
    quit: '退出 Daka',
  },
  notify: {
    hostsChanged:
      '钉钉服务地址与保存 AppSecret 时不同，Daka 不会发送它：请重新导入配置文件，或重新输入 AppSecret。',
    due: {
      OnDuty: '上班打卡 {{time}}',
      OffDuty: '下班打卡 {{time}}',
    } satisfies Record<CheckType, string>,
    snooze: '稍后提醒',
    test: '这是一条测试提醒：到打卡时间时，Daka 会这样提醒你。',
    punched: {
      OnDuty: '上班打卡成功 {{time}}',
      OffDuty: '下班打卡成功 {{time}}',
    } satisfies Record<CheckType, string>,
    queued: {
      OnDuty: '上班打卡 {{time}} 已保存，联网后补发',
      OffDuty: '下班打卡 {{time}} 已保存，联网后补发',
    } satisfies Record<CheckType, string>,
    held: {
      OnDuty: '上班打卡 {{time}} 已暂存，没有发出',
      OffDuty: '下班打卡 {{time}} 已暂存，没有发出',
    } satisfies Record<CheckType, string>,
    /** What holds it (OutboxEntry.held) and what the employee can do now. */
    heldBy: {
      offline: '离线时间太长，没有自动发送：打开 Daka 确认时间后发送或丢弃',
      network: '{{reason}}。连上公司网络或 VPN 后在 Daka 里点“立即发送”，或在钉钉 App 里打卡',
      dingtalk: '{{reason}}。请在钉钉 App 里打卡；Daka 的诊断里有原因和解决办法',
      clock: '{{reason}}。你的电脑时间比服务器快，请打开自动对时；现在可以在钉钉 App 里打卡',
    },
  },
  cli: {
    hostsChanged:
      '钉钉服务地址与提供 AppSecret 时不同，所以不会发送它 —— 请重新导入配置文件（daka config import），或同时设置 DAKA_APP_SECRET 和对应的 DAKA_OAPI_BASE、DAKA_API_BASE',
    pending: '未打卡',
    invalid: '无效打卡',
    next: '下一次',
    alreadyPunched: '已经打过卡，时间',
    confirmWithYes: '加上 --yes 再打一次',
    earlyBefore: '现在下班属于早退，计划下班时间',
    confirmEarlyWithYes: '加上 --yes 确认早退打卡',
    queued: '已保存，联网后补发',
    held: '已暂存，用 daka outbox send 发送',
    unavailable: '现在不能打卡',
    notSent: '没有发出',
    discarded: '已丢弃',
    imported: '已导入配置，AppKey',
    outboxEmpty: '没有待发送的打卡',
    unknownCommand: '没有这个命令：{{command}}',
    field: '字段：{{field}}',
  },
};
