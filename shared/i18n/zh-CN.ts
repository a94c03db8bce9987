/**
 * Simplified Chinese: the primary language and the reference every other
 * language must match key for key (see ./types). This file holds what the
 * popup's home view and every error message need; ./zh-CN.views.ts the
 * sub-views, ./zh-CN.main.ts what only main shows.
 */
import type { ErrorCode } from '../errors';
import type { CheckType, ReminderKind, TimeResult } from '../model';

interface ErrorStrings {
  message: string;
  fix: string;
}

export const zhCN = {
  common: {
    back: '返回',
    cancel: '取消',
    retry: '重试',
    unknown: '未知',
    openDoctor: '打开诊断',
    more: '更多',
  },
  checkType: { OnDuty: '上班', OffDuty: '下班' } satisfies Record<CheckType, string>,
  punchAction: { OnDuty: '上班打卡', OffDuty: '下班打卡' } satisfies Record<CheckType, string>,
  timeResult: {
    Normal: '正常',
    Late: '迟到',
    SeriousLate: '严重迟到',
    Early: '早退',
    NotSigned: '缺卡',
    Absenteeism: '旷工',
  } satisfies Record<TimeResult, string>,
  source: {
    daka: 'Daka',
    ATM: '考勤机',
    BEACON: '蓝牙',
    DING_ATM: '钉钉考勤机',
    USER: '钉钉 App',
    BOSS: '管理员修改',
    APPROVE: '审批',
    SYSTEM: '系统',
    AUTO_CHECK: '自动打卡',
  },
  today: {
    heading: '今天',
    fallbackBadge: '默认作息',
    fallbackNoSchedule: '钉钉里没有你今天的排班，按设置里的默认作息计算',
    fallbackNotPermitted: '应用无权读取排班，按设置里的默认作息计算',
    planned: '计划 {{time}}',
    opensAt: '{{time}} 起可以打卡',
    punching: '正在打卡…',
    punched: { OnDuty: '上班打卡成功', OffDuty: '下班打卡成功' } satisfies Record<
      CheckType,
      string
    >,
    punchedAt: '{{time}} 打卡',
    allDone: '今天的卡都打完了',
    confirmTitle: {
      OnDuty: '{{time}} 已经打过上班卡',
      OffDuty: '{{time}} 已经打过下班卡',
    } satisfies Record<CheckType, string>,
    confirmBody: {
      OnDuty: '钉钉以第一次上班卡为准，再打一次不会改变结果。',
      OffDuty: '钉钉以最后一次下班卡为准，确定再打一次吗？',
    } satisfies Record<CheckType, string>,
    confirmAction: '仍要打卡',
    offer: { early: '早退打卡', late: '迟到打卡', update: '更新打卡' },
    by: {
      early: '计划 {{time}}，现在打卡早退 {{minutes}} 分钟',
      late: '计划 {{time}}，已迟到 {{minutes}} 分钟',
    },
    updateHint: '以最后一次下班卡为准，{{time}} 前可更新',
    confirmEarlyTitle: '还没到下班时间（{{time}}）',
    confirmEarlyBody: '现在打卡记为早退，确定吗？',
    outboxPending: '还没发到钉钉，联网后会自动补发',
    outboxSending: '正在发送到钉钉…',
    outboxUnknown: '已发出但没有收到答复，正在核对钉钉的记录',
    held: {
      offline: '离线时间太长，打卡已暂存，请确认是否发送',
      network: '已暂存：连上公司网络或 VPN 后点“立即发送”，或在钉钉 App 里打卡',
      dingtalk: '已暂存：钉钉现在不接受 Daka 的打卡，请在钉钉 App 里打卡',
    },
    notSent: '没有发出',
    outboxAccepted: '公司服务器已收到，等待钉钉确认…',
    signedOutTitle: '需要重新登录',
    signIn: '用钉钉登录',
    signInWaiting: '请在浏览器中完成钉钉登录…',
    outboxTitle: '{{action}} · {{time}}',
    outboxMore: '（另有 {{count}} 条待发送）',
    sendNow: '立即发送',
    discard: '丢弃',
    discardConfirm: '确认丢弃',
    discardQuestion: '丢弃后这次打卡不会发送到钉钉。',
    unavailableTitle: '仅提醒模式',
    next: '下一次：{{type}} {{time}}',
    restDay: '今天休息',
    nextWorkday: '下一个工作日：{{date}}',
    dayOver: '今天的打卡时间已经过了',
    onLeave: '今天已请假',
    onLeaveBody: '审批已覆盖今天的打卡，不用打卡',
    noDay: '还没有取到今天的考勤',
    timeline: '今日打卡',
    plannedLabel: '计划',
    actualLabel: '实际',
    sourceLabel: '来源',
    provisional: '预估结果，钉钉尚未核定',
    noPunches: '今天没有要打的卡',
    noData: '暂时看不到今天的打卡情况',
    notYet: '未打卡',
    queued: '待上传',
    invalid: '无效',
    invalidPunch: '无效打卡',
    updatedAt: '{{time}} 更新',
    refresh: '刷新',
    refreshing: '正在刷新…',
    retryAfter: '{{seconds}} 秒后可以再刷新',
  },
  reminder: {
    login: '今天还没打上班卡',
    beforeOnDuty: '快到上班时间了',
    forgotOffDuty: '下班了，别忘了打卡',
    resume: '欢迎回来，还没打卡',
    snoozed: '该打卡了',
    snooze: '{{minutes}} 分钟后提醒',
    notToday: '今天不再提醒',
    snoozedUntil: '提醒已推迟到 {{time}}',
    notTodayActive: '今天不再提醒',
    undo: '恢复提醒',
  } satisfies Record<ReminderKind, string> & Record<string, string>,
  now: {
    remind: {
      OnDuty: '{{time}} 提醒你打上班卡',
      OffDuty: '{{time}} 提醒你打下班卡',
    } satisfies Record<CheckType, string>,
    worked: '已工作 {{d}}',
    left: '距下班 {{d}}',
    due: '可以下班了',
    hm: '{{h}}小时{{m}}分',
    m: '{{m}}分钟',
  },
  footer: {
    budgetMode: '本月查询额度已用完，状态暂不刷新',
    demo: '演示',
    demoTitle: '演示模式：数据来自本机模拟的钉钉，不会真的打卡',
    offline: '离线',
    reconnecting: '重连服务器中',
    settings: '设置',
    doctor: '诊断',
  },

  error: {
    wrongCredentials: {
      message: 'AppKey 或 AppSecret 不正确',
      fix: '请核对管理员提供的 AppKey 和 AppSecret，或重新导入配置文件',
    },
    missingPermission: {
      message: '应用缺少接口权限 {{permission}}',
      fix: '请管理员在钉钉开发者后台为应用开通 {{permission}} 权限',
    },
    ipNotWhitelisted: {
      message: '公司的 IP 白名单不包含本机出口 IP {{ip}}',
      fix: '请管理员在钉钉开发者后台把 {{ip}} 加入应用的 IP 白名单',
    },
    userNotFound: {
      message: '钉钉里找不到这个用户',
      fix: '请检查手机号或用户 ID，或改用钉钉登录',
    },
    userOutOfRange: {
      message: '你不在应用的可见范围内',
      fix: '请管理员在钉钉开发者后台把你加入应用的可见范围',
    },
    rateLimited: {
      message: '调用钉钉接口太频繁',
      fix: '请稍等片刻再试',
    },
    quotaExhausted: {
      message: '公司本月的钉钉接口调用次数已用完',
      fix: '下个月会恢复；在此之前请在钉钉 App 里打卡，或请管理员升级钉钉版本',
    },
    dingtalkBusy: {
      message: '钉钉服务繁忙',
      fix: '请稍后再试，Daka 也会自动重试',
    },
    ipBanned: {
      message: '本机所在网络请求过多，被钉钉暂时封禁',
      fix: '大约 5 分钟后自动解除，这期间请不要反复重试',
    },
    badRequest: {
      message: '钉钉拒绝了这次请求',
      fix: '请把诊断报告发给 IT',
    },
    robotSignature: {
      message: '回执机器人的签名不正确',
      fix: '请在设置里重新填写机器人的加签密钥（以 SEC 开头）',
    },
    robotRejected: {
      message: '回执机器人拒绝了消息',
      fix: '请检查机器人的 access_token 是否正确，机器人是否还在群里',
    },
    networkDown: {
      message: '连不上钉钉',
      fix: '请检查网络连接；打卡会先保存在本机，联网后自动补发',
    },
    timeout: {
      message: '钉钉响应超时',
      fix: '请检查网络后重试',
    },
    unexpectedReply: {
      message: '钉钉返回了无法识别的结果',
      fix: '请把诊断报告发给 IT',
    },
    outcomeUnknown: {
      message: '打卡已发出，但没有收到钉钉的答复',
      fix: 'Daka 会先核对钉钉的记录再决定是否重发，请不要重复打卡',
    },
    loginTimeout: {
      message: '钉钉登录超时',
      fix: '请重新点击“用钉钉登录”，并在浏览器里完成授权',
    },
    loginStateMismatch: {
      message: '登录校验失败，可能是旧的登录页面',
      fix: '请关闭浏览器里旧的钉钉登录页面，重新登录',
    },
    loginDenied: {
      message: '钉钉登录没有得到授权',
      fix: '请在浏览器里点击“同意”，或联系管理员',
    },
    notConfigured: {
      message: '还没有配置钉钉应用',
      fix: '请导入管理员提供的配置文件，或填写 AppKey 和 AppSecret',
    },
    notSignedIn: {
      message: '还不知道你是谁',
      fix: '请用钉钉登录，确认你的身份',
    },
    punchingDisabled: {
      message: '管理员没有开启电脑打卡',
      fix: 'Daka 会照常提醒你，请在钉钉 App 里打卡',
    },
    restDay: {
      message: '今天是休息日，不用打卡',
      fix: '如果今天其实要上班，请在钉钉 App 里打卡，并联系管理员检查排班',
    },
    notOpenYet: {
      message: '{{time}} 起可以打卡',
      fix: '打卡时间还没开始，到时再打',
    },
    nothingDue: {
      message: '今天的卡都已打完或已过时间',
      fix: '如需补卡，请在钉钉 App 里提交补卡申请',
    },
    budgetExceeded: {
      message: '本月调用已达上限，Daka 正在节流',
      fix: '非必要的调用（如刷新）会暂停；可在设置中提高上限',
    },
    refreshTooSoon: {
      message: '刚刚刷新过',
      fix: '请稍后再刷新，以免浪费公司的接口调用次数',
    },
    provisioningInvalid: {
      message: '配置文件无效',
      fix: '请向管理员要一份新的配置文件（.json）',
    },
    outboxEntryNotFound: {
      message: '这条待发送的打卡已经不存在',
      fix: '它可能已经发送或被丢弃，请刷新查看',
    },
    secretStorageUnavailable: {
      message: '无法安全保存密钥',
      fix: '请安装并解锁系统密钥环（如 GNOME Keyring），或在设置中接受弱加密存储',
    },
    invalidInput: {
      message: '输入的内容不正确',
      fix: '请检查后重新填写',
    },
    sessionRevoked: {
      message: '这台电脑的登录已失效',
      fix: '请重新用钉钉登录；如果不是你本人退出的，请联系 IT',
    },
    proofInvalid: {
      message: '请求没有用这台电脑的密钥签名',
      fix: '请重新用钉钉登录',
    },
    forbidden: {
      message: '没有权限执行这个操作',
      fix: '只能查看和打卡你自己的考勤；如有疑问请联系 IT',
    },
    punchTooOld: {
      message: '这次打卡离线太久，公司服务器不再接受当时的时间',
      fix: '请现在重新打卡，或在钉钉里提交补卡申请',
    },
    punchInFuture: {
      message: '这台电脑的时间比公司服务器快太多',
      fix: '请校正系统时间后再打卡',
    },
    serverIncompatible: {
      message: '公司服务器的版本比这个 Daka 新',
      fix: '请更新 Daka',
    },
    serverUnavailable: {
      message: '公司的 Daka 服务器暂时出错了',
      fix: '稍后会自动重试；一直不行请联系 IT',
    },
    serverUnreachable: {
      message: '连不上公司的 Daka 服务器',
      fix: '请检查网络或 VPN，以及设置里的服务器地址；打卡会先保存在本机，连上后自动补发。一直不行请联系 IT',
    },
    punchAccepted: {
      message: '公司服务器已收到这次打卡，正在提交到钉钉',
      fix: '无需操作：钉钉确认后 Daka 会显示已打卡',
    },
    internal: {
      message: 'Daka 出了点问题',
      fix: '请重试；如果问题持续，请把诊断报告和日志发给 IT',
    },
  } satisfies Record<ErrorCode, ErrorStrings>,
};
