/**
 * A route of the simulated service and the context its handler sees, plus the
 * small readers handlers use to take fields from JSON or form bodies (topapi
 * accepts both: the doc pages' curl examples post form fields).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimApp } from './org';
import type { Reply } from './replies';
import type { SimState } from './state';

export interface Ctx {
  sim: SimState;
  now: number;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  ip: string;
  /** The calling app, once a token or credentials identified it. */
  app: SimApp | null;
}

export type Family = 'oapi' | 'api' | 'login' | 'robot';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  family: Family;
  /** Legacy APIs behind `access_token`: token, IP whitelist and permission checks first. */
  appToken: boolean;
  /** The appKey a token-less request names (gettoken, login), for the log and the QPS limit. */
  appKeyOf?: (ctx: Ctx) => string | undefined;
  handle(ctx: Ctx): Reply;
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A number sent as a JSON number or as digits (form bodies, PHP SDK). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A list sent as a JSON array, a JSON array in a form field, or comma-separated. */
export function list(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.map((v) => String(v)) : undefined;
    } catch {
      return undefined;
    }
  }
  return text === '' ? [] : text.split(',').map((s) => s.trim());
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
