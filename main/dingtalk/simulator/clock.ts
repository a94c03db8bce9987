/**
 * The simulator's clock. Frozen by default so tests decide exactly what time it
 * is; demo mode runs it (it then follows real time from wherever it was set),
 * and either way `set`/`advance` let a whole work day pass in milliseconds.
 */
import type { Clock } from '../../ports';

export interface SimClockOptions {
  /** Initial simulated time, epoch ms (default: the real time now). */
  start?: number;
  /** Follow real time from `start` on (default false: frozen). */
  running?: boolean;
  /** Real time source (injectable for tests of the clock itself). */
  realNow?: () => number;
}

export class SimClock implements Clock {
  private base: number;
  private realBase: number;
  private running: boolean;
  private readonly realNow: () => number;

  constructor(options: SimClockOptions = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.base = options.start ?? this.realNow();
    this.realBase = this.realNow();
    this.running = options.running ?? false;
  }

  now(): number {
    return this.running ? this.base + (this.realNow() - this.realBase) : this.base;
  }

  set(ms: number): void {
    this.base = ms;
    this.realBase = this.realNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts following real time from the current simulated time. */
  resume(): void {
    this.set(this.now());
    this.running = true;
  }

  /** Freezes at the current simulated time. */
  pause(): void {
    this.set(this.now());
    this.running = false;
  }
}
