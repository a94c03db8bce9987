/** English for every error; typed as `ErrorMessages`, so codes match zh-CN's. */
import type { ErrorMessages } from './types';

export const enErrors: ErrorMessages = {
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
      message: 'The company’s IP whitelist does not include the public IP {{ip}}',
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
