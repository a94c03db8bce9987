/**
 * How a call is made, by kind: reads retry transient failures with backoff;
 * single-shot calls get one attempt; the punch upload gets one attempt and
 * turns any ambiguity into outcomeUnknown. Calls with the app token drop it
 * and try once more when DingTalk rejects it.
 */
import { AppError } from '../../shared/errors';
import { retryDelay, type RetryPolicy } from './retry';
import type { TokenSource } from './token';
import type { Transport, TransportRequest } from './transport';

export interface CallSpec<T> {
  /** Fetch the app token first and hand it to `build`. */
  appToken: boolean;
  build(token: string | undefined): TransportRequest<T>;
}

export interface Caller {
  /** Idempotent: retried on busy, throttled, network and timeout failures. */
  read<T>(spec: CallSpec<T>): Promise<T>;
  /** One attempt (a single-use login code, a robot message): failures are reported as they are. */
  once<T>(spec: CallSpec<T>): Promise<T>;
  /** One attempt that must never be repeated blindly: ambiguity becomes outcomeUnknown. */
  writeOnce<T>(spec: CallSpec<T>): Promise<T>;
}

export interface CallerDeps {
  transport: Transport;
  tokens: TokenSource;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

type Mode = 'read' | 'once' | 'writeOnce';

function outcomeUnknown(cause: AppError): AppError {
  return new AppError(
    'outcomeUnknown',
    `The request may have reached DingTalk (${cause.code}); check before sending it again`,
    cause.detail,
  );
}

export function createCaller(deps: CallerDeps): Caller {
  async function run<T>(spec: CallSpec<T>, mode: Mode): Promise<T> {
    let tokenRefreshed = false;
    let attempt = 0;
    for (;;) {
      // A failed token fetch is final here: it has its own retries.
      const token = spec.appToken ? await deps.tokens.get() : undefined;
      const outcome = await deps.transport.send(spec.build(token));
      if (outcome.ok) return outcome.value;

      if (outcome.tokenRejected && token !== undefined && !tokenRefreshed) {
        // DingTalk refused the token cleanly, so even an upload is safe to resend once.
        tokenRefreshed = true;
        deps.tokens.invalidate(token);
        continue;
      }
      if (mode === 'writeOnce') {
        throw outcome.clean ? outcome.error : outcomeUnknown(outcome.error);
      }
      attempt += 1;
      const delay =
        mode === 'read' ? retryDelay(outcome.error, attempt, deps.policy, deps.random) : null;
      if (delay === null) throw outcome.error;
      await deps.sleep(delay);
    }
  }

  return {
    read: (spec) => run(spec, 'read'),
    once: (spec) => run(spec, 'once'),
    writeOnce: (spec) => run(spec, 'writeOnce'),
  };
}
