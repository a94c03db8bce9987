/**
 * Coalesces concurrent requests into batches: requests arriving within
 * `windowMs` of the first one (and any that arrive while an earlier batch is
 * still running) are handed to `run` together. Batches run one at a time, so
 * a batch always sees what the one before it stored.
 */
export type Gather<Q, A> = (request: Q) => Promise<A>;

export function createGather<Q, A>(
  run: (batch: Q[]) => Promise<A[]>,
  windowMs: number,
): Gather<Q, A> {
  interface Pending {
    request: Q;
    resolve: (answer: A) => void;
    reject: (error: unknown) => void;
  }
  let pending: Pending[] = [];
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();

  async function drain(): Promise<void> {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      const answers = await run(batch.map((p) => p.request));
      batch.forEach((p, i) => {
        p.resolve(answers[i] as A);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  return (request) =>
    new Promise<A>((resolve, reject) => {
      pending.push({ request, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        chain = chain.then(drain);
      }, windowMs);
    });
}
