/**
 * The call meter before 0005 kept its month as JSON in `kv` (meter:breakdown,
 * meter:quota, meter:history:<month>), totals per API and per day but not per
 * API and day. A server upgraded mid-month must not forget the calls already
 * made (it would under-count the quota), so the meter turns those values into
 * `meter_counts` rows once (meter.ts, in one transaction with their deletion,
 * so two instances starting together cannot both import them).
 */

export interface LegacyRow {
  month: string;
  day: string;
  api: string;
  counted: number;
  total: number;
  token_fetches: number;
  pushes: number;
  exhausted: number;
}

interface LegacyBreakdown {
  month?: unknown;
  byApi?: Record<string, { calls?: unknown; counted?: unknown }>;
  byDay?: Record<string, { calls?: unknown; counted?: unknown; pushes?: unknown }>;
}

interface LegacyQuota {
  month?: unknown;
  tokenFetches?: unknown;
  exhausted?: unknown;
}

const count = (v: unknown) => (typeof v === 'number' && v > 0 ? Math.floor(v) : 0);

/**
 * Cells with the given row and column sums (equal totals): the north-west
 * corner rule, so both byApi and byDay come out as they were.
 */
function spread(rows: [string, number][], cols: [string, number][]): Map<string, number> {
  const out = new Map<string, number>();
  const r = rows.map(([k, v]) => [k, v] as [string, number]);
  const c = cols.map(([k, v]) => [k, v] as [string, number]);
  let i = 0;
  let j = 0;
  while (i < r.length && j < c.length) {
    const ri = r[i] as [string, number];
    const cj = c[j] as [string, number];
    const n = Math.min(ri[1], cj[1]);
    if (n > 0) {
      const key = JSON.stringify([cj[0], ri[0]]);
      out.set(key, (out.get(key) ?? 0) + n);
    }
    ri[1] -= n;
    cj[1] -= n;
    if (ri[1] === 0) i += 1;
    else j += 1;
  }
  return out;
}

/** The rows a legacy month breakdown (and, for that month, the quota value) stands for. */
export function legacyRows(value: unknown, quota: unknown): LegacyRow[] {
  const b = (value ?? {}) as LegacyBreakdown;
  if (typeof b.month !== 'string') return [];
  const month = b.month;
  const apis = Object.entries(b.byApi ?? {});
  const days = Object.entries(b.byDay ?? {});
  const calls = spread(
    apis.map(([k, v]) => [k, count(v.calls)]),
    days.map(([k, v]) => [k, count(v.calls)]),
  );
  const counted = spread(
    apis.map(([k, v]) => [k, count(v.counted)]),
    days.map(([k, v]) => [k, count(v.counted)]),
  );
  const cells = new Map<string, LegacyRow>();
  const cell = (key: string): LegacyRow => {
    const [day, api] = JSON.parse(key) as [string, string];
    const row = cells.get(key) ?? {
      month,
      day,
      api,
      counted: 0,
      total: 0,
      token_fetches: 0,
      pushes: 0,
      exhausted: 0,
    };
    cells.set(key, row);
    return row;
  };
  for (const [key, n] of calls) cell(key).total += n;
  for (const [key, n] of counted) cell(key).counted += n;
  for (const [day, v] of days) {
    const pushes = count(v.pushes);
    if (pushes > 0) cell(JSON.stringify([day, ''])).pushes += pushes;
  }
  const q = (quota ?? {}) as LegacyQuota;
  if (q.month === month && (count(q.tokenFetches) > 0 || q.exhausted === true)) {
    const first = [...cells.values()][0] ?? cell(JSON.stringify([days[0]?.[0] ?? '', '']));
    first.token_fetches += count(q.tokenFetches);
    first.exhausted += q.exhausted === true ? 1 : 0;
  }
  return [...cells.values()];
}
