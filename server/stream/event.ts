/**
 * Reading a Stream EVENT frame, leniently. DingTalk documents the frame
 * (`headers.eventId`, `headers.eventType`, `data` as a JSON *string*) and, for
 * `attendance_check_record`, a `dataList` of punches; its HTTP-push twin
 * spells it `DataList`, some samples carry a single record, and a field or two
 * is often missing. Whatever shape arrives, we take every entry with a userid
 * and never throw: a frame we cannot read is acknowledged and logged, because
 * asking DingTalk to push it again would only bring the same bytes back.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const CHECK_RECORD_EVENT = 'attendance_check_record';

const stringish = z.union([z.string(), z.number()]).transform(String);

/** What we read from a frame (the package's DWClientDownStream, without trusting it). */
const frameSchema = z.object({
  type: z.string().optional(),
  headers: z.object({
    eventId: stringish.optional(),
    eventType: stringish.optional(),
    eventBornTime: stringish.optional(),
    messageId: stringish.optional(),
    time: stringish.optional(),
  }),
  data: z.unknown(),
});

const entrySchema = z.object({
  userId: stringish.pipe(z.string().min(1)),
  checkTime: z.union([z.number(), z.string()]).optional(),
});

export interface StreamFrame {
  eventId: string | null;
  eventType: string | null;
  /** When DingTalk says the event happened (eventBornTime, else the push time), ms. */
  bornAtMs: number | null;
  /** `data` as DingTalk sent it (normally a JSON string). */
  data: unknown;
}

export interface CheckRecord {
  userId: string;
  checkTimeMs: number;
  /** False when the entry had no readable checkTime and the event's time stands in. */
  exactTime: boolean;
}

export type ParsedCheckRecords =
  { ok: true; records: CheckRecord[]; skipped: number } | { ok: false; problem: string };

export function readFrame(message: unknown): StreamFrame | null {
  const parsed = frameSchema.safeParse(message);
  if (!parsed.success) return null;
  const { headers, data } = parsed.data;
  return {
    eventId: nonEmpty(headers.eventId),
    eventType: nonEmpty(headers.eventType),
    bornAtMs: toEpochMs(headers.eventBornTime) ?? toEpochMs(headers.time),
    data,
  };
}

/**
 * The key an event is de-duplicated by: DingTalk's eventId; without one (never seen,
 * but the header is optional in the package's type) a hash of the type and payload,
 * which a re-push repeats byte for byte.
 */
export function dedupKey(frame: StreamFrame): string {
  if (frame.eventId !== null) return frame.eventId;
  const payload = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data ?? null);
  const hash = createHash('sha256')
    .update(`${frame.eventType ?? ''}\n${payload}`)
    .digest('hex');
  return `sha256:${hash}`;
}

/** The punches in an attendance_check_record payload. `fallbackMs` stands in for a missing checkTime. */
export function parseCheckRecords(data: unknown, fallbackMs: number): ParsedCheckRecords {
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data);
    } catch {
      return { ok: false, problem: 'data is not JSON' };
    }
  }
  if (typeof body !== 'object' || body === null) {
    return { ok: false, problem: 'data is not an object' };
  }
  const list = entriesOf(body as Record<string, unknown>);
  if (list === null) return { ok: false, problem: 'data has no dataList' };
  const records: CheckRecord[] = [];
  let skipped = 0;
  for (const raw of list) {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      skipped += 1;
      continue;
    }
    const checkTimeMs = toEpochMs(entry.data.checkTime);
    records.push({
      userId: entry.data.userId,
      checkTimeMs: checkTimeMs ?? fallbackMs,
      exactTime: checkTimeMs !== null,
    });
  }
  return { ok: true, records, skipped };
}

function entriesOf(body: Record<string, unknown>): unknown[] | null {
  for (const key of ['dataList', 'DataList', 'datalist']) {
    const value = body[key];
    if (Array.isArray(value)) return value;
  }
  // A single record at the top level: take it as a list of one.
  if ('userId' in body) return [body];
  return null;
}

/**
 * Epoch milliseconds from a number or a string of digits. DingTalk documents
 * milliseconds; a value too small to be one (before 1973) is taken as seconds,
 * the other unit its APIs use.
 */
export function toEpochMs(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  else return null;
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n < 1e11 ? n * 1000 : n);
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}
