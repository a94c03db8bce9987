/**
 * The admin console's JSON API (/admin/api/...): zod schemas the server
 * validates and serialises with, and the types the console's UI imports
 * (type-only, so zod stays out of the browser bundle; values are in constants.ts).
 */
import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/errors';
import { serverPolicies } from '../../../shared/server-api';

import { OUTCOMES } from './constants';

export { ADMIN_API, CSRF_HEADER, OUTCOMES, type Outcome } from './constants';

const epochMs = z.number().int().nonnegative();
const dateKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const meReply = z.object({
  user: z.object({ userId: z.string(), name: z.string().nullable() }),
  csrfToken: z.string(),
  expiresAt: epochMs,
  idleMs: z.number().int(),
  timeZone: z.string(),
  version: z.string(),
});
export type MeReply = z.infer<typeof meReply>;

const errorPayload = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const healthReply = z.object({
  at: epochMs,
  checks: z.array(
    z.object({
      id: z.string(),
      subject: z.string().nullable(),
      status: z.enum(['pass', 'fail', 'warn', 'skipped']),
      error: errorPayload.nullable(),
      facts: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
  stream: z
    .object({
      state: z.enum(['off', 'connecting', 'connected', 'backoff']),
      lastEventAt: epochMs.nullable(),
      reconnects: z.number().int(),
      lastError: errorPayload.nullable(),
      nextAttemptAt: epochMs.nullable(),
    })
    .nullable(),
});
export type HealthReply = z.infer<typeof healthReply>;

const tally = z.object({ calls: z.number().int(), counted: z.number().int() });
export const quotaReply = z.object({
  month: z.string(),
  counted: z.number().int(),
  total: z.number().int(),
  pushes: z.number().int(),
  cap: z.number().int(),
  budgetMode: z.boolean(),
  budgetAt: z.number().int(),
  byApi: z.record(z.string(), tally),
  days: z.array(
    z.object({
      date: dateKey,
      calls: z.number().int(),
      counted: z.number().int(),
      pushes: z.number().int(),
    }),
  ),
  forecast: z.object({
    counted: z.number().int(),
    elapsedDays: z.number(),
    daysInMonth: z.number().int(),
    budgetDate: dateKey.nullable(),
  }),
  /** What budget mode skips, by id (the UI translates). */
  budgetSkips: z.array(z.enum(['refresh', 'verify'])),
});
export type QuotaReply = z.infer<typeof quotaReply>;

export const device = z.object({
  sessionId: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  deviceName: z.string(),
  platform: z.string(),
  appVersion: z.string(),
  createdAt: epochMs,
  lastSeenAt: epochMs,
  ip: z.string().nullable(),
});
export type Device = z.infer<typeof device>;
export const devicesReply = z.object({ devices: z.array(device) });
export type DevicesReply = z.infer<typeof devicesReply>;
export const revokedReply = z.object({ revoked: z.number().int() });

export const sessionParams = z.object({ sessionId: z.string().min(1).max(64) }).strict();
export const userParams = z.object({ userId: z.string().min(1).max(64) }).strict();

export const punchQuery = z
  .object({
    user: z.string().min(1).max(64).optional(),
    from: dateKey.optional(),
    to: dateKey.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type PunchQuery = z.infer<typeof punchQuery>;
export const csvQuery = punchQuery
  .omit({ limit: true })
  .extend({ lang: z.enum(['zh-CN', 'en']) })
  .strict();

export const punchEntry = z.object({
  id: z.number().int(),
  userId: z.string(),
  userName: z.string().nullable(),
  deviceName: z.string(),
  clickedAt: epochMs,
  receivedAt: epochMs,
  checkTime: epochMs,
  outcomes: z.array(z.enum(OUTCOMES)),
  reason: errorPayload.nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type PunchEntry = z.infer<typeof punchEntry>;
export const punchesReply = z.object({
  punches: z.array(punchEntry),
  total: z.number().int(),
  employees: z.array(z.object({ userId: z.string(), name: z.string().nullable() })),
});
export type PunchesReply = z.infer<typeof punchesReply>;

export const policiesBody = serverPolicies.strict();
export const policiesReply = z.object({ policies: serverPolicies });
export type Policies = z.infer<typeof serverPolicies>;
