/** The line protocol between crash.test.ts and crash-child.ts (no side effects: both import it). */
export interface CrashIntent {
  intentId: string;
  userId: string;
}

export type CrashCommand =
  { cmd: 'go'; offsetMs: number; graceMs: number; intents: CrashIntent[] } | { cmd: 'exit' };

export type CrashMessage =
  { ready: true } | { accepted: string; state: string } | { settled: true } | { failed: string };

export const deviceOf = (userId: string) => `crash-device-${userId}`;
