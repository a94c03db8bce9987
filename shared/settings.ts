/**
 * The employee's settings (nothing secret here: secrets live in the vault).
 * One schema with defaults, used by the engine, the UI and the CLI.
 */
import { z } from 'zod';

export const LANGUAGES = ['system', 'zh-CN', 'en'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
/** The macOS menu-bar title: none, the time left until clocking out, or the next punch. */
export const MENU_BAR_TITLES = ['off', 'countdown', 'nextPunch'] as const;

const minutes = (max: number) => z.number().int().min(0).max(max);

export const weekdayPattern = z
  .array(z.number().int().min(0).max(6))
  .max(7)
  .describe('Workdays for the fallback schedule, 0 = Sunday');

export const settingsSchema = z.object({
  reminders: z
    .object({
      atLogin: z.boolean().default(true),
      onResume: z.boolean().default(true),
      beforeOnDutyMinutes: minutes(120).default(5),
      afterOffDutyMinutes: minutes(240).default(10),
      /** How many times the forgot-to-clock-out reminder repeats (bounded). */
      offDutyEscalations: z.number().int().min(0).max(5).default(2),
      escalationIntervalMinutes: minutes(240).min(5).default(30),
      snoozeMinutes: minutes(120).min(1).default(10),
    })
    .prefault({}),
  punch: z
    .object({
      /** A second punch of the same kind within this many minutes needs confirmation. */
      duplicateGuardMinutes: minutes(240).default(10),
    })
    .prefault({}),
  fallbackSchedule: z
    .object({
      workdays: weekdayPattern.default([1, 2, 3, 4, 5]),
      onDuty: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .default('09:00'),
      offDuty: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .default('18:00'),
      useChineseHolidays: z.boolean().default(true),
    })
    // The form's rules (renderer/src/views/settings/validate.ts), kept here so IPC and stored
    // files are held to them too: no workday would never remind, and the same time twice is
    // no working day. Off duty before on duty stays valid: a night shift ending the next day.
    .superRefine((s, ctx) => {
      if (s.workdays.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays'],
          message: 'Choose at least one workday',
        });
      }
      if (s.onDuty === s.offDuty) {
        ctx.addIssue({
          code: 'custom',
          path: ['offDuty'],
          message: 'Start and end of work cannot be the same time',
        });
      }
    })
    .prefault({}),
  quota: z
    .object({
      /** Budget mode starts when this install's counted calls this month reach the cap. */
      monthlyCap: z.number().int().min(1).max(1_000_000).default(120),
    })
    .prefault({}),
  ui: z
    .object({
      language: z.enum(LANGUAGES).default('system'),
      theme: z.enum(THEMES).default('system'),
      /** Electron accelerator, e.g. "CommandOrControl+Shift+D"; null = off. */
      globalShortcut: z.string().min(1).max(64).nullable().default(null),
      /** Stored as a boolean before it had three values: true showed the next punch. */
      menuBarTitle: z
        .enum(MENU_BAR_TITLES)
        .or(z.boolean().transform((on) => (on ? 'nextPunch' : 'off')))
        .default('off'),
    })
    .prefault({}),
  /** Organisation time zone override (provisioning sets the default). */
  timeZone: z.string().min(1).max(64).nullable().default(null),
  receipts: z
    .object({
      enabled: z.boolean().default(false),
      // The robot's access_token and signing secret are secrets: both live in the vault.
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A one-level-deep partial update from the UI; the merge is validated against the schema. */
export type SettingsPatch = {
  [K in keyof Settings]?: Settings[K] extends Record<string, unknown>
    ? Partial<Settings[K]>
    : Settings[K];
};

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
