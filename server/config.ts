/**
 * The server's configuration: a JSON file and/or DAKA_SERVER_* variables
 * (a variable wins over the file), validated once at start with clear
 * messages in English and Chinese. A file that holds the AppSecret must be
 * readable by its owner only (0600): the server refuses it otherwise, and says
 * the chmod to run.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONFIG } from '../main/dingtalk/config';
import { AppError } from '../shared/errors';
import { serverPolicies, type ServerPolicies } from '../shared/server-api';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../shared/time';
import type { ServerConfig } from './services';

export const DEFAULT_PORT = 8780;
export const DEFAULT_POLICIES: ServerPolicies = {
  punchingEnabled: true,
  maxOfflineMinutes: 15,
  repeatGuardMinutes: 10,
  allowedClockDifferenceSeconds: 120,
};
/** The standard edition's monthly quota (dingtalk-api.md §9). */
export const DEFAULT_MONTHLY_CAP = 5_000;
export const CONFIG_FILE_NAME = 'config.json';

/** What server/app.ts needs beyond the rooms' ServerConfig. */
export interface DakaServerConfig extends ServerConfig {
  /** Fastify's trustProxy: true (or a hop count / address list) behind a reverse proxy. */
  trustProxy: boolean | number | string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * PostgreSQL (postgres://…) instead of the SQLite file in dataDir: several server
   * processes may then share it. DATABASE_URL or the file's `databaseUrl`.
   */
  databaseUrl?: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const urlText = z.string().min(1).max(500);

/** The configuration file. Unknown keys are refused, so a typo is caught. */
export const configFile = z
  .object({
    appKey: z.string().min(1).max(200).optional(),
    appSecret: z.string().min(1).max(500).optional(),
    corpId: z.string().min(1).max(200).nullable().optional(),
    publicUrl: urlText.optional(),
    listen: z
      .object({
        host: z.string().min(1).max(200).optional(),
        port: z.number().int().min(0).max(65_535).optional(),
      })
      .strict()
      .optional(),
    dataDir: z.string().min(1).max(1000).optional(),
    admins: z.array(z.string().min(1).max(64)).max(1000).optional(),
    policies: serverPolicies.partial().strict().optional(),
    timeZone: z.string().min(1).max(100).optional(),
    dingtalk: z
      .object({
        oapiBase: urlText.optional(),
        apiBase: urlText.optional(),
        loginBase: urlText.optional(),
      })
      .strict()
      .optional(),
    operatorUserId: z.string().min(1).max(64).nullable().optional(),
    monthlyCap: z.number().int().positive().optional(),
    stream: z.boolean().optional(),
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
      .strict()
      .nullable()
      .optional(),
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string().min(1)]).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    databaseUrl: z
      .string()
      .max(2000)
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .nullable()
      .optional(),
  })
  .strict();
export type ConfigFile = z.infer<typeof configFile>;

export type Env = Record<string, string | undefined>;

/** One message in both languages (the CLI prints it as it is). */
export function configError(en: string, zh: string, field?: string): AppError {
  return new AppError('invalidInput', `${en}\n${zh}`, field ? { field } : {});
}

export interface LoadOptions {
  env: Env;
  /** --config; else DAKA_SERVER_CONFIG; else <dataDir>/config.json when it exists. */
  file?: string;
  /** For tests: where ~ is. */
  home?: string;
  platform?: NodeJS.Platform;
}

export type LoadedConfig =
  /** AppKey and AppSecret are configured: talk to DingTalk. */
  | { kind: 'live'; config: DakaServerConfig; file: string | null }
  /** Nothing configured: `daka-server` runs the demo against its own simulator. */
  | { kind: 'demo'; config: DakaServerConfig; file: string | null };

export function defaultDataDir(home: string): string {
  return join(home, '.daka-server');
}

export function loadConfig(options: LoadOptions): LoadedConfig {
  const env = options.env;
  const home = options.home ?? homedir();
  const explicit = options.file ?? env.DAKA_SERVER_CONFIG;
  const dataDirHint = resolve(env.DAKA_SERVER_DATA ?? defaultDataDir(home));
  const candidate = explicit ? resolve(explicit) : join(dataDirHint, CONFIG_FILE_NAME);
  const file = readConfigFile(candidate, !explicit, options.platform ?? process.platform);
  const fromFile = file?.content ?? {};
  const config = resolveServerConfig(fromFile, env, home);
  const kind = config.appKey && config.appSecret ? 'live' : 'demo';
  if (kind === 'live') checkLive(config);
  return { kind, config, file: file?.path ?? null };
}

function readConfigFile(
  path: string,
  optional: boolean,
  platform: NodeJS.Platform,
): { path: string; content: ConfigFile } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw configError(
      `Cannot read the configuration file ${path}: ${(error as Error).message}`,
      `无法读取配置文件 ${path}`,
      'config',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw configError(
      `The configuration file ${path} is not valid JSON`,
      `配置文件 ${path} 不是有效的 JSON`,
      'config',
    );
  }
  const parsed = configFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = (issue as { keys?: string[] } | undefined)?.keys;
    const field = [...(issue?.path ?? []), ...(keys ?? [])].join('.') || 'config';
    throw configError(
      `${path}: ${field}: ${issue?.message ?? 'not valid'}`,
      `配置文件 ${path} 的 ${field} 不正确`,
      field,
    );
  }
  if (parsed.data.appSecret !== undefined && platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw configError(
        `${path} holds the AppSecret and is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
        `${path} 含有 AppSecret，但其他用户也能读取（权限 ${mode.toString(8)}）；请运行：chmod 600 ${path}`,
        'config',
      );
    }
  }
  return { path, content: parsed.data };
}

function envInt(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) {
    throw configError(`${name} must be a whole number`, `${name} 必须是整数`, name);
  }
  return value;
}

function envBool(env: Env, name: string): boolean | undefined {
  const text = env[name]?.toLowerCase();
  if (text === undefined || text === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw configError(`${name} must be true or false`, `${name} 只能是 true 或 false`, name);
}

function envText(env: Env, name: string): string | undefined {
  const text = env[name]?.trim();
  return text ? text : undefined;
}

/** A secret in a file of its own (systemd credentials, container secrets): the same 0600 rule. */
function envSecret(env: Env): string | undefined {
  const direct = envText(env, 'DAKA_SERVER_APP_SECRET');
  if (direct) return direct;
  const path = envText(env, 'DAKA_SERVER_APP_SECRET_FILE');
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    throw configError(
      `Cannot read DAKA_SERVER_APP_SECRET_FILE ${path}`,
      `无法读取 DAKA_SERVER_APP_SECRET_FILE ${path}`,
      'DAKA_SERVER_APP_SECRET_FILE',
    );
  }
}

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Merges defaults, the file and the environment; checks what does not depend on the mode. */
export function resolveServerConfig(file: ConfigFile, env: Env, home: string): DakaServerConfig {
  const host = envText(env, 'DAKA_SERVER_HOST') ?? file.listen?.host ?? '127.0.0.1';
  const port = envInt(env, 'DAKA_SERVER_PORT') ?? file.listen?.port ?? DEFAULT_PORT;
  if (port < 0 || port > 65_535) {
    throw configError(
      'DAKA_SERVER_PORT must be 0–65535',
      'DAKA_SERVER_PORT 必须在 0–65535 之间',
      'port',
    );
  }
  const policies = serverPolicies.safeParse({
    ...DEFAULT_POLICIES,
    ...file.policies,
    ...definedOnly({
      punchingEnabled: envBool(env, 'DAKA_SERVER_PUNCHING_ENABLED'),
      maxOfflineMinutes: envInt(env, 'DAKA_SERVER_MAX_OFFLINE_MINUTES'),
      repeatGuardMinutes: envInt(env, 'DAKA_SERVER_REPEAT_GUARD_MINUTES'),
      allowedClockDifferenceSeconds: envInt(env, 'DAKA_SERVER_ALLOWED_CLOCK_DIFFERENCE_SECONDS'),
    }),
  });
  if (!policies.success) {
    const field = policies.error.issues[0]?.path.join('.') ?? 'policies';
    throw configError(`policies.${field} is out of range`, `策略 ${field} 超出范围`, field);
  }
  const timeZone = envText(env, 'DAKA_SERVER_TZ') ?? file.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) {
    throw configError(`Unknown time zone ${timeZone}`, `未知的时区 ${timeZone}`, 'timeZone');
  }
  const admins = envText(env, 'DAKA_SERVER_ADMINS');
  const certFile = envText(env, 'DAKA_SERVER_TLS_CERT');
  const keyFile = envText(env, 'DAKA_SERVER_TLS_KEY');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw configError(
      'Set both DAKA_SERVER_TLS_CERT and DAKA_SERVER_TLS_KEY, or neither',
      'DAKA_SERVER_TLS_CERT 与 DAKA_SERVER_TLS_KEY 需同时设置',
      'tls',
    );
  }
  const tls = certFile && keyFile ? { certFile, keyFile } : (file.tls ?? null);
  const trustProxyText = envText(env, 'DAKA_SERVER_TRUST_PROXY');
  const appKey = envText(env, 'DAKA_SERVER_APP_KEY') ?? file.appKey ?? '';
  const appSecret = envSecret(env) ?? file.appSecret ?? '';
  const defaultUrl = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = checkPublicUrl(
    envText(env, 'DAKA_SERVER_PUBLIC_URL') ?? file.publicUrl ?? defaultUrl,
  );
  return {
    appKey,
    appSecret,
    corpId: envText(env, 'DAKA_SERVER_CORP_ID') ?? file.corpId ?? null,
    publicUrl,
    listen: { host, port },
    dataDir: resolve(envText(env, 'DAKA_SERVER_DATA') ?? file.dataDir ?? defaultDataDir(home)),
    admins: admins
      ? admins
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
      : (file.admins ?? []),
    policies: policies.data,
    timeZone,
    dingtalk: {
      oapiBase:
        envText(env, 'DAKA_SERVER_OAPI_BASE') ?? file.dingtalk?.oapiBase ?? DEFAULT_CONFIG.oapiBase,
      apiBase:
        envText(env, 'DAKA_SERVER_API_BASE') ?? file.dingtalk?.apiBase ?? DEFAULT_CONFIG.apiBase,
      loginBase:
        envText(env, 'DAKA_SERVER_LOGIN_BASE') ??
        file.dingtalk?.loginBase ??
        DEFAULT_CONFIG.loginBase,
    },
    operatorUserId: envText(env, 'DAKA_SERVER_OPERATOR') ?? file.operatorUserId ?? null,
    monthlyCap: envInt(env, 'DAKA_SERVER_MONTHLY_CAP') ?? file.monthlyCap ?? DEFAULT_MONTHLY_CAP,
    stream: envBool(env, 'DAKA_SERVER_STREAM') ?? file.stream ?? false,
    tls,
    trustProxy:
      trustProxyText === undefined ? (file.trustProxy ?? false) : trustProxyOf(trustProxyText),
    logLevel:
      (envText(env, 'DAKA_SERVER_LOG_LEVEL') as DakaServerConfig['logLevel'] | undefined) ??
      file.logLevel ??
      'info',
    databaseUrl: databaseUrlOf(envText(env, 'DATABASE_URL')) ?? file.databaseUrl ?? null,
  };
}

function databaseUrlOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(text)) {
    throw configError(
      'DATABASE_URL must be a postgres:// URL',
      'DATABASE_URL 必须是 postgres:// 地址',
      'DATABASE_URL',
    );
  }
  return text;
}

/** true/false, a hop count, or addresses (Fastify's trustProxy forms). */
function trustProxyOf(text: string): boolean | number | string {
  if (/^(true|yes|on)$/i.test(text)) return true;
  if (/^(false|no|off|0)$/i.test(text)) return false;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * https, or plain http on a loopback address only (a desktop's DPoP proofs and
 * refresh tokens must not cross a network in the clear). No trailing slash.
 */
export function checkPublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(
      `The public URL ${text} is not a URL`,
      `公开地址 ${text} 不是有效的网址`,
      'publicUrl',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw configError(
      'The public URL must not have a query, fragment or credentials',
      '公开地址不能带查询参数、片段或账号密码',
      'publicUrl',
    );
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw configError(
      `The public URL must be https (plain http only on 127.0.0.1): ${text}`,
      `公开地址必须是 https（仅 127.0.0.1 可用 http）：${text}`,
      'publicUrl',
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function checkLive(config: DakaServerConfig): void {
  const valid = ['oapiBase', 'apiBase', 'loginBase'] as const;
  for (const key of valid) {
    const value = config.dingtalk[key];
    const url = URL.canParse(value) ? new URL(value) : null;
    if (
      !url ||
      (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    ) {
      throw configError(
        `dingtalk.${key} must be an https URL (http only on 127.0.0.1): ${value}`,
        `dingtalk.${key} 必须是 https 网址（仅 127.0.0.1 可用 http）：${value}`,
        key,
      );
    }
  }
  if (config.monthlyCap <= 0) {
    throw configError('monthlyCap must be positive', 'monthlyCap 必须为正数', 'monthlyCap');
  }
}

/** The configuration with secrets masked (logs, `doctor`). */
export function describeConfig(config: DakaServerConfig): Record<string, unknown> {
  return {
    ...config,
    appSecret: config.appSecret ? '••••' : '',
    databaseUrl: config.databaseUrl ? config.databaseUrl.replace(/:[^:@/]*@/, ':••••@') : null,
  };
}
