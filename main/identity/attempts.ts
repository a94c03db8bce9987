/**
 * One browser sign-in at a time: a new one cancels the one before, and a
 * cancel (or a newer attempt) wins even when it lands while the loopback
 * receiver starts or after the code arrived: nobody is signed in after they
 * pressed Cancel. Shared by the direct sign-in and the company server's.
 */
import { AppError } from '../../shared/errors';

export class LoginAttempts<F extends { cancel(): void }> {
  private current: F | null = null;
  private attempt = 0;

  /** Starts a flow and waits for its result, unless cancelled or superseded (loginDenied). */
  async run<T>(start: () => Promise<F>, result: (flow: F) => Promise<T>): Promise<T> {
    this.current?.cancel();
    const attempt = ++this.attempt;
    const flow = await start();
    if (attempt !== this.attempt) {
      // Cancelled (or superseded) while the receiver started.
      flow.cancel();
      throw cancelled();
    }
    this.current = flow;
    try {
      const value = await result(flow);
      // Cancelled (or superseded) after the code arrived: do not sign in after all.
      if (attempt !== this.attempt) throw cancelled();
      return value;
    } finally {
      if (this.current === flow) this.current = null;
    }
  }

  cancel(): void {
    this.attempt += 1;
    this.current?.cancel();
    this.current = null;
  }
}

function cancelled(): AppError {
  return new AppError('loginDenied', 'Login cancelled');
}
