/** English for the popup's home view and errors; typed as `Messages`, so keys match zh-CN's. */
import type { Messages } from './types';

export const en: Messages = {
  common: {
    back: 'Back',
    cancel: 'Cancel',
    retry: 'Try again',
    unknown: 'unknown',
    openDoctor: 'Open the doctor',
    more: 'More',
  },
  checkType: { OnDuty: 'Clock in', OffDuty: 'Clock out' },
  punchAction: { OnDuty: 'Clock in', OffDuty: 'Clock out' },
  timeResult: {
    Normal: 'On time',
    Late: 'Late',
    SeriousLate: 'Very late',
    Early: 'Left early',
    NotSigned: 'Missed',
    Absenteeism: 'Absent',
  },
  source: {
    daka: 'Daka',
    ATM: 'Time clock',
    BEACON: 'Bluetooth',
    DING_ATM: 'DingTalk time clock',
    USER: 'DingTalk app',
    BOSS: 'Changed by admin',
    APPROVE: 'Approval',
    SYSTEM: 'System',
    AUTO_CHECK: 'Auto punch',
  },
  today: {
    heading: 'Today',
    fallbackBadge: 'Default hours',
    fallbackNoSchedule:
      'DingTalk has no schedule for you today, so the default hours from Settings apply',
    fallbackNotPermitted:
      'The app may not read schedules, so the default hours from Settings apply',
    planned: 'Planned {{time}}',
    opensAt: 'You can punch from {{time}}',
    punching: 'Punching…',
    punched: { OnDuty: 'Clocked in', OffDuty: 'Clocked out' },
    punchedAt: 'Punched at {{time}}',
    allDone: 'All punches done for today',
    confirmTitle: {
      OnDuty: 'You already clocked in at {{time}}',
      OffDuty: 'You already clocked out at {{time}}',
    },
    confirmBody: {
      OnDuty: 'DingTalk keeps your first clock-in: another one changes nothing.',
      OffDuty: 'DingTalk keeps your latest clock-out: this time will count instead. Go ahead?',
    },
    confirmAction: 'Punch anyway',
    offer: { early: 'Clock out early', late: 'Clock in late', update: 'Update clock-out' },
    by: {
      early: 'Planned {{time}}: this is {{minutes}} min early',
      late: 'Planned {{time}}: late by {{minutes}} min',
    },
    updateHint: 'Your latest clock-out counts: you can update it until {{time}}',
    confirmEarlyTitle: 'It is before your clock-out time ({{time}})',
    confirmEarlyBody: 'Clocking out now counts as leaving early. Go ahead?',
    outboxPending: 'Not sent to DingTalk yet; it goes out once you are online',
    outboxSending: 'Sending to DingTalk…',
    outboxUnknown: 'Sent, but DingTalk did not answer; checking its records',
    held: {
      offline: 'Offline for too long: the punch is held until you decide',
      network: 'Held: on the office network or VPN, press Send now; or punch in the DingTalk app',
      dingtalk: 'Held: DingTalk does not take punches from Daka now; punch in the DingTalk app',
    },
    notSent: 'Not sent',
    outboxAccepted: 'The company server has it: waiting for DingTalk to confirm…',
    signedOutTitle: 'Sign in again',
    signIn: 'Sign in with DingTalk',
    signInWaiting: 'Finish signing in to DingTalk in your browser…',
    outboxTitle: '{{action}} · {{time}}',
    outboxMore: '({{count}} more waiting)',
    sendNow: 'Send now',
    discard: 'Discard',
    discardConfirm: 'Discard punch',
    discardQuestion: 'A discarded punch is never sent to DingTalk.',
    unavailableTitle: 'Reminders only',
    next: 'Next: {{type}} at {{time}}',
    restDay: 'Day off today',
    nextWorkday: 'Next workday: {{date}}',
    dayOver: 'Today’s punch times are over',
    onLeave: 'On leave today',
    onLeaveBody: 'An approved request covers today: no punches needed',
    noDay: 'Today’s attendance has not loaded yet',
    timeline: 'Today’s punches',
    plannedLabel: 'Planned',
    actualLabel: 'Punched',
    sourceLabel: 'Source',
    provisional: 'Estimate: DingTalk has not evaluated it yet',
    noPunches: 'Nothing to punch today',
    noData: 'Today’s punches cannot be shown right now',
    notYet: 'Not yet',
    queued: 'Waiting to send',
    invalid: 'Invalid',
    invalidPunch: 'Invalid punch',
    updatedAt: 'Updated {{time}}',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    retryAfter: 'You can refresh again in {{seconds}} s',
  },
  reminder: {
    login: 'You have not clocked in today',
    beforeOnDuty: 'Work starts soon',
    forgotOffDuty: 'Time to go: don’t forget to clock out',
    resume: 'Welcome back: you have not punched yet',
    snoozed: 'Time to punch',
    snooze: 'Remind me in {{minutes}} min',
    notToday: 'Not today',
    snoozedUntil: 'Reminder snoozed until {{time}}',
    notTodayActive: 'No more reminders today',
    undo: 'Undo',
  },
  now: {
    remind: {
      OnDuty: 'Reminder at {{time}} to clock in',
      OffDuty: 'Reminder at {{time}} to clock out',
    },
    worked: '{{d}} worked',
    left: '{{d}} to go',
    due: 'Time to go',
    hm: '{{h}} h {{m}} min',
    m: '{{m}} min',
  },
  footer: {
    budgetMode: 'Monthly lookups used up: no refresh',
    demo: 'DEMO',
    demoTitle: 'Demo mode: a simulated DingTalk on this computer, no real punches',
    offline: 'Offline',
    reconnecting: 'Reconnecting to server',
    settings: 'Settings',
    doctor: 'Doctor',
  },

  error: {
    wrongCredentials: {
      message: 'The AppKey or AppSecret is wrong',
      fix: 'Check the AppKey and AppSecret your administrator gave you, or import the provisioning file again',
    },
    missingPermission: {
      message: 'The app lacks the API permission {{permission}}',
      fix: 'Ask your administrator to grant {{permission}} to the app in the DingTalk developer console',
    },
    ipNotWhitelisted: {
      message: 'The company’s IP whitelist does not include this computer’s public IP {{ip}}',
      fix: 'Ask your administrator to add {{ip}} to the app’s IP whitelist in the DingTalk developer console',
    },
    userNotFound: {
      message: 'DingTalk does not know this user',
      fix: 'Check the mobile number or user ID, or sign in with DingTalk instead',
    },
    userOutOfRange: {
      message: 'You are outside the app’s visible range',
      fix: 'Ask your administrator to add you to the app’s visible range in the DingTalk developer console',
    },
    rateLimited: {
      message: 'Too many calls to DingTalk',
      fix: 'Wait a moment and try again',
    },
    quotaExhausted: {
      message: 'Your company has used up this month’s DingTalk API quota',
      fix: 'It resets next month; until then punch in the DingTalk app, or ask your administrator about a higher edition',
    },
    dingtalkBusy: {
      message: 'DingTalk is busy',
      fix: 'Try again later; Daka also retries on its own',
    },
    ipBanned: {
      message: 'DingTalk has blocked this network for a while after too many requests',
      fix: 'The block lifts after about 5 minutes; please do not retry in the meantime',
    },
    badRequest: {
      message: 'DingTalk rejected the request',
      fix: 'Send the doctor’s report to IT',
    },
    robotSignature: {
      message: 'The receipts robot rejected the signature',
      fix: 'Enter the robot’s signing secret (starting with SEC) again in Settings',
    },
    robotRejected: {
      message: 'The receipts robot rejected the message',
      fix: 'Check the robot’s access_token and that the robot is still in the group',
    },
    networkDown: {
      message: 'Cannot reach DingTalk',
      fix: 'Check your network; punches are kept on this computer and sent once you are back online',
    },
    timeout: {
      message: 'DingTalk did not answer in time',
      fix: 'Check your network and try again',
    },
    unexpectedReply: {
      message: 'DingTalk sent a reply Daka does not understand',
      fix: 'Send the doctor’s report to IT',
    },
    outcomeUnknown: {
      message: 'The punch was sent, but DingTalk did not answer',
      fix: 'Daka checks DingTalk’s records before sending it again; please do not punch twice',
    },
    loginTimeout: {
      message: 'Signing in to DingTalk timed out',
      fix: 'Click “Sign in with DingTalk” again and finish in your browser',
    },
    loginStateMismatch: {
      message: 'The sign-in could not be verified; it may come from an old page',
      fix: 'Close old DingTalk sign-in pages in your browser and sign in again',
    },
    loginDenied: {
      message: 'DingTalk sign-in was not authorised',
      fix: 'Click “Agree” in the browser, or ask your administrator',
    },
    notConfigured: {
      message: 'No DingTalk app is set up yet',
      fix: 'Import the provisioning file from your administrator, or enter the AppKey and AppSecret',
    },
    notSignedIn: {
      message: 'Daka does not know who you are yet',
      fix: 'Sign in with DingTalk to confirm who you are',
    },
    punchingDisabled: {
      message: 'Your administrator has not enabled punching from the computer',
      fix: 'Daka still reminds you; punch in the DingTalk app',
    },
    restDay: {
      message: 'Today is a day off: nothing to punch',
      fix: 'If you do work today, punch in the DingTalk app and ask your administrator to check the schedule',
    },
    notOpenYet: {
      message: 'You can punch from {{time}}',
      fix: 'The window for this punch has not opened yet; punch then',
    },
    nothingDue: {
      message: 'Today’s punches are all done or past',
      fix: 'To fix a missed punch, file a correction request in the DingTalk app',
    },
    budgetExceeded: {
      message: 'This month’s call cap is reached, so Daka is saving calls',
      fix: 'Calls that are not needed, such as refreshes, pause; you can raise the cap in Settings',
    },
    refreshTooSoon: {
      message: 'Refreshed a moment ago',
      fix: 'Refresh again a little later so the company’s API calls are not wasted',
    },
    provisioningInvalid: {
      message: 'The provisioning file is not valid',
      fix: 'Ask your administrator for a new provisioning file (.json)',
    },
    outboxEntryNotFound: {
      message: 'This waiting punch no longer exists',
      fix: 'It may have been sent or discarded already; refresh to see',
    },
    secretStorageUnavailable: {
      message: 'Secrets cannot be stored safely',
      fix: 'Install and unlock a keyring (such as GNOME Keyring), or accept weak storage in Settings',
    },
    invalidInput: {
      message: 'That input is not valid',
      fix: 'Check it and try again',
    },
    sessionRevoked: {
      message: 'This computer’s sign-in has ended',
      fix: 'Sign in with DingTalk again; if you did not sign out, tell IT',
    },
    proofInvalid: {
      message: 'The request was not signed with this computer’s key',
      fix: 'Sign in with DingTalk again',
    },
    forbidden: {
      message: 'You may not do this',
      fix: 'You can only see and punch your own attendance; ask IT if in doubt',
    },
    punchTooOld: {
      message: 'This punch waited offline too long for the company server to keep its time',
      fix: 'Punch again now, or ask for a make-up punch (补卡) in DingTalk',
    },
    punchInFuture: {
      message: 'This computer’s clock is too far ahead of the company server',
      fix: 'Correct the system time, then punch again',
    },
    serverIncompatible: {
      message: 'The company server is newer than this Daka',
      fix: 'Update Daka',
    },
    serverUnavailable: {
      message: 'The company’s Daka Server had an error',
      fix: 'Daka retries by itself; if it keeps failing, tell IT',
    },
    serverUnreachable: {
      message: 'Cannot reach the company’s Daka Server',
      fix: 'Check your network or VPN and the server address in Settings; punches are kept on this computer and sent once it answers. If it persists, tell IT',
    },
    punchAccepted: {
      message: 'The company server has your punch and is sending it to DingTalk',
      fix: 'Nothing to do: Daka shows it as punched once DingTalk confirms',
    },
    internal: {
      message: 'Something went wrong in Daka',
      fix: 'Try again; if it keeps happening, send the doctor’s report and logs to IT',
    },
  },
};
