/**
 * The client's configuration with its defaults, checked once at construction
 * so every later request can trust it.
 */
import { AppError } from '../../shared/errors';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../../shared/time';
import type { DingTalkConfig } from './types';

export type DingTalkConfigInput = Partial<DingTalkConfig> &
  Pick<DingTalkConfig, 'appKey' | 'appSecret'>;

export const DEFAULT_CONFIG: Omit<DingTalkConfig, 'appKey' | 'appSecret'> = {
  oapiBase: 'https://oapi.dingtalk.com',
  apiBase: 'https://api.dingtalk.com',
  loginBase: 'https://login.dingtalk.com',
  timeZone: DEFAULT_TIME_ZONE,
  timeoutMs: 10_000,
  maxAttempts: 3,
  backoffMs: 500,
};

function baseUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalidInput', `${field} is not a URL`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalidInput', `${field} must be http(s)`, { field });
  }
  // Paths are appended as "/v1.0/...", so a trailing slash would double up.
  return value.replace(/\/+$/, '');
}

function positiveInt(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new AppError('invalidInput', `${field} must be an integer ≥ ${min}`, { field });
  }
  return value;
}

export function resolveConfig(input: DingTalkConfigInput): DingTalkConfig {
  const merged: DingTalkConfig = {
    ...DEFAULT_CONFIG,
    ...stripUndefined(input),
    appKey: input.appKey,
    appSecret: input.appSecret,
  };
  if (!merged.appKey.trim() || !merged.appSecret.trim()) {
    throw new AppError('notConfigured', 'AppKey and AppSecret are required');
  }
  if (!isValidTimeZone(merged.timeZone)) {
    throw new AppError('invalidInput', `Unknown time zone ${merged.timeZone}`, {
      field: 'timeZone',
    });
  }
  return {
    ...merged,
    oapiBase: baseUrl('oapiBase', merged.oapiBase),
    apiBase: baseUrl('apiBase', merged.apiBase),
    loginBase: baseUrl('loginBase', merged.loginBase),
    timeoutMs: positiveInt('timeoutMs', merged.timeoutMs, 1),
    maxAttempts: positiveInt('maxAttempts', merged.maxAttempts, 1),
    backoffMs: positiveInt('backoffMs', merged.backoffMs, 0),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
