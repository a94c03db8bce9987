/**
 * The app's Logger: electron-log writing main.log in the user's log folder,
 * with every message passed through `redact` on its way to any transport, so
 * no secret reaches a file, the console or a bug report.
 *
 * In the app: createLogger({ base: log.create({ logId: 'daka' }), folder: logFolder(app) })
 * with `log` from 'electron-log/main'. Tests pass an 'electron-log/node' logger.
 */
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'electron';
import type { LogMessage, NodeLogger } from 'electron-log';
import { redact } from '../node-ports';
import type { Logger } from '../ports';

export const LOG_FILE = 'main.log';
/** electron-log moves a full main.log to main.old.log and starts afresh. */
export const MAX_LOG_BYTES = 2 * 1024 * 1024;
/** Owner only, like the stores: the log names the employee, their punches, their organisation. */
export const LOG_FILE_MODE = 0o600;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LoggingOptions {
  /** A fresh electron-log instance (its transports and hooks are configured here). */
  base: NodeLogger;
  /** Where main.log goes: logFolder(app). */
  folder: string;
  /** Entries below this level are dropped (default 'info'). */
  level?: LogLevel;
  /** Echo to stdout as well (development). */
  console?: boolean;
}

/** The folder "Open log folder" shows. */
export function logFolder(app: Pick<App, 'getPath'>): string {
  return app.getPath('logs');
}

function errorWithStack(value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack ?? null }
    : value;
}

/**
 * Errors keep their stack (redacted like the rest): the log is what IT reads
 * after a crash. Looks at the value and, for a data record, at its fields.
 */
function withStacks(value: unknown): unknown {
  if (value instanceof Error) return errorWithStack(value);
  const plain =
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype;
  if (!plain) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, errorWithStack(item)]),
  );
}

/** Runs on every message for every transport, after the caller and before any output. */
export function redactMessage(message: LogMessage): LogMessage {
  return { ...message, data: message.data.map((item) => redact(withStacks(item))) };
}

export function createLogger(options: LoggingOptions): Logger {
  const { base, folder } = options;
  const level = options.level ?? 'info';
  const file = base.transports.file;
  file.resolvePathFn = () => join(folder, LOG_FILE);
  file.maxSize = MAX_LOG_BYTES;
  // New files (main.log, and the fresh one after rotation) are created 0600; one left by an
  // older version with the default 0666 & umask is narrowed now.
  file.writeOptions = { ...file.writeOptions, mode: LOG_FILE_MODE };
  for (const name of [LOG_FILE, 'main.old.log']) {
    const path = join(folder, name);
    try {
      if (existsSync(path)) chmodSync(path, LOG_FILE_MODE);
    } catch {
      // Not ours to change (another user's file): electron-log reports a write it cannot make.
    }
  }
  file.level = level;
  base.transports.console.level = options.console === true ? level : false;
  base.hooks.push(redactMessage);

  const write =
    (entryLevel: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void => {
      if (data === undefined) base[entryLevel](message);
      else base[entryLevel](message, data);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
