/**
 * Simplified Chinese for every error: a message and a fix per code. A part of
 * its own (the popup loads it the first time an error is on screen, or with
 * the sub-views), so Today's start carries none of it; main bundles it.
 */
import type { ErrorCode } from '../errors';

interface ErrorStrings {
  message: string;
  fix: string;
}

export const zhCNErrors = {
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
      message: '公司的 IP 白名单不包含出口 IP {{ip}}',
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
