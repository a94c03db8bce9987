/** English strings only main shows; typed as `MainMessages`, so keys match zh-CN's. */
import type { MainMessages } from './types';

export const enMain: MainMessages = {
  tray: {
    done: { OnDuty: 'Clocked in {{time}}', OffDuty: 'Clocked out {{time}}' },
    pending: { OnDuty: 'Clock in {{time}}', OffDuty: 'Clock out {{time}}' },
    missed: { OnDuty: 'Clock-in missed', OffDuty: 'Clock-out missed' },
    unconfigured: 'Not set up',
    loading: 'Loading',
    problem: 'Needs attention',
    punchAt: '{{action}} ({{time}})',
    punchUnavailable: '{{action}}: {{reason}}',
    setup: 'Set up Daka…',
    today: 'Today’s status…',
    history: 'History…',
    resumeReminders: 'Remind me again today',
    startAtLogin: 'Start at login',
    settings: 'Settings…',
    quit: 'Quit Daka',
  },
  notify: {
    hostsChanged:
      'The DingTalk addresses changed since the AppSecret was saved, so Daka does not send it: import the provisioning file again or enter the AppSecret again.',
    due: { OnDuty: 'Clock in at {{time}}', OffDuty: 'Clock out at {{time}}' },
    snooze: 'Later',
    test: 'This is a test: Daka reminds you like this when a punch is due.',
    punched: { OnDuty: 'Clocked in at {{time}}', OffDuty: 'Clocked out at {{time}}' },
    queued: {
      OnDuty: 'Clock-in at {{time}} saved; it is sent once you are online',
      OffDuty: 'Clock-out at {{time}} saved; it is sent once you are online',
    },
    held: {
      OnDuty: 'Clock-in at {{time}} held, not sent',
      OffDuty: 'Clock-out at {{time}} held, not sent',
    },
    heldBy: {
      offline:
        'It waited offline too long, so it was not sent by itself: open Daka to check its time, then send or discard it',
      network:
        '{{reason}}. Join the office network or VPN, then press Send now in Daka, or punch in the DingTalk app',
      dingtalk: '{{reason}}. Punch in the DingTalk app; Daka’s doctor shows the cause and the fix',
      clock:
        '{{reason}}. This computer’s clock is ahead of the server’s: turn on automatic time, and punch in the DingTalk app for now',
    },
  },
  cli: {
    hostsChanged:
      'the DingTalk addresses differ from those the AppSecret was given for, so it is not sent — import the provisioning file again (daka config import), or set DAKA_APP_SECRET with its DAKA_OAPI_BASE and DAKA_API_BASE',
    pending: 'not yet',
    invalid: 'invalid punch',
    next: 'Next',
    alreadyPunched: 'already punched at',
    confirmWithYes: 'add --yes to punch again',
    earlyBefore: 'this is an early clock-out (早退), before the planned',
    confirmEarlyWithYes: 'add --yes to clock out early',
    queued: 'saved, sent once online',
    held: 'held: send it with daka outbox send',
    unavailable: 'Cannot punch now',
    notSent: 'Not sent',
    discarded: 'Discarded',
    imported: 'Imported the provisioning file for AppKey',
    outboxEmpty: 'No punches waiting',
    unknownCommand: 'unknown command "{{command}}"',
    field: 'field: {{field}}',
  },
};
