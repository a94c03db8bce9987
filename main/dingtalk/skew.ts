/**
 * Server clock minus local clock, from the `Date` header of DingTalk's replies.
 *
 * The header has 1 s resolution, so one reply only bounds the skew: the server
 * stamped it at some local instant between sending and receiving, and its true
 * time then was in [Date, Date + 1 s). Hence
 *   skew ∈ [Date − receivedAt, Date + 1000 − sentAt].
 * We keep the intersection of these intervals across replies (each new reply
 * can only tighten it) and report its midpoint. When a new interval does not
 * overlap the kept one, a clock moved (the machine's or DingTalk's): the kept
 * knowledge is stale, so we start over from the new reply.
 */

export interface SkewBounds {
  lo: number;
  hi: number;
}

/** The skew interval one reply proves, or null when its Date header is unusable. */
export function sampleBounds(
  sentAt: number,
  receivedAt: number,
  dateHeader: string | null,
): SkewBounds | null {
  if (!dateHeader) return null;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs) || receivedAt < sentAt) return null;
  return { lo: serverMs - receivedAt, hi: serverMs + 1000 - sentAt };
}

export function combineBounds(kept: SkewBounds | null, next: SkewBounds): SkewBounds {
  if (!kept) return next;
  const lo = Math.max(kept.lo, next.lo);
  const hi = Math.min(kept.hi, next.hi);
  return lo <= hi ? { lo, hi } : next;
}

export function skewEstimate(bounds: SkewBounds): number {
  return Math.round((bounds.lo + bounds.hi) / 2);
}

export interface SkewTracker {
  record(sentAt: number, receivedAt: number, dateHeader: string | null): void;
  /** Null before the first reply with a Date header. */
  skewMs(): number | null;
}

export function createSkewTracker(): SkewTracker {
  let bounds: SkewBounds | null = null;
  return {
    record(sentAt, receivedAt, dateHeader) {
      const sample = sampleBounds(sentAt, receivedAt, dateHeader);
      if (sample) bounds = combineBounds(bounds, sample);
    },
    skewMs: () => (bounds ? skewEstimate(bounds) : null),
  };
}
