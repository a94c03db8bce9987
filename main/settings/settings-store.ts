/**
 * The employee's settings in a Store. Stored data is repaired field by field
 * (a bad value falls back to its default, the rest survives); updates from the
 * UI are merged one level deep and rejected, naming the first bad field, when
 * the result does not validate.
 */
import { AppError } from '../../shared/errors';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { defaultSettings, settingsSchema } from '../../shared/settings';
import { isValidTimeZone } from '../../shared/time';
import type { Logger, Store } from '../ports';
import { silentLogger } from '../ports';

const SETTINGS_KEY = 'settings';

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SECTIONS = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** Rules the zod schema cannot express. */
function extraIssue(settings: Settings): { field: string; message: string } | null {
  if (settings.timeZone !== null && !isValidTimeZone(settings.timeZone)) {
    return { field: 'timeZone', message: `Unknown time zone "${settings.timeZone}"` };
  }
  return null;
}

export interface RepairedSettings {
  settings: Settings;
  /** Paths that were invalid and fell back to defaults, e.g. "reminders.snoozeMinutes". */
  reset: string[];
}

/** Stored (untrusted) data → valid Settings, keeping every part that is valid. */
export function repairSettings(raw: unknown): RepairedSettings {
  const source = isPlainObject(raw) ? raw : {};
  const reset: string[] = raw === undefined || isPlainObject(raw) ? [] : ['(settings)'];
  const out: JsonObject = {};
  for (const section of SECTIONS) {
    const schema = settingsSchema.shape[section];
    const value = source[section];
    let result = schema.safeParse(value);
    if (!result.success && isPlainObject(value)) {
      // Drop the offending fields and let their defaults fill in.
      const bad = new Set(result.error.issues.map((issue) => issue.path[0]));
      const kept = Object.entries(value).filter(([field]) => !bad.has(field));
      for (const field of Object.keys(value)) if (bad.has(field)) reset.push(`${section}.${field}`);
      result = schema.safeParse(Object.fromEntries(kept));
    }
    if (!result.success) {
      result = schema.safeParse(undefined);
      reset.push(section);
    }
    out[section] = result.data;
  }
  const settings = settingsSchema.parse(out);
  const issue = extraIssue(settings);
  if (issue?.field === 'timeZone') {
    settings.timeZone = null;
    reset.push('timeZone');
  }
  return { settings, reset };
}

function invalid(field: string, message: string): AppError {
  return new AppError('invalidInput', message, { field });
}

/** A key named in an error, cut short: an oversized key must not come back whole. */
function keyName(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

/** Applies a one-level-deep patch to `current`; throws AppError('invalidInput') naming the field. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  if (!isPlainObject(patch)) throw invalid('(settings)', 'Settings patch must be an object');
  const defaults: JsonObject = defaultSettings();
  const merged: JsonObject = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(defaults, key)) {
      throw invalid(keyName(key), `Unknown setting "${keyName(key)}"`);
    }
    const base = defaults[key];
    if (!isPlainObject(base)) {
      merged[key] = value;
      continue;
    }
    if (!isPlainObject(value)) throw invalid(key, `Setting "${key}" must be an object`);
    const section: JsonObject = { ...(merged[key] as JsonObject) };
    for (const [field, fieldValue] of Object.entries(value)) {
      if (fieldValue === undefined) continue;
      // zod would drop an unknown key silently: a typo must not look like success.
      if (!Object.hasOwn(base, field)) {
        const name = `${key}.${keyName(field)}`;
        throw invalid(name, `Unknown setting "${name}"`);
      }
      section[field] = fieldValue;
    }
    merged[key] = section;
  }
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first ? first.path.map(String).join('.') : '(settings)';
    throw invalid(field || '(settings)', first?.message ?? 'Invalid settings');
  }
  const issue = extraIssue(result.data);
  if (issue) throw invalid(issue.field, issue.message);
  return result.data;
}

export interface SettingsStoreOptions {
  store: Store;
  logger?: Logger;
}

export class SettingsStore {
  private readonly store: Store;
  private readonly logger: Logger;
  private current: Settings;

  constructor(options: SettingsStoreOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.current = this.load();
  }

  /** Reads the stored settings again, repairing what is invalid (not written back until a save). */
  load(): Settings {
    const { settings, reset } = repairSettings(this.store.get(SETTINGS_KEY));
    if (reset.length > 0) this.logger.warn('settings: invalid values reset to defaults', { reset });
    this.current = settings;
    return structuredClone(settings);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Replaces the whole settings object (validated). */
  save(settings: Settings): Settings {
    return this.update(settings);
  }

  update(patch: SettingsPatch): Settings {
    const next = applySettingsPatch(this.current, patch);
    this.store.set(SETTINGS_KEY, next);
    this.current = next;
    return structuredClone(next);
  }
}
