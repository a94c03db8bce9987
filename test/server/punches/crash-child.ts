/**
 * The server process the crash test kills: the punch service on the test's
 * SQLite file against the parent's simulator. One command per stdin line:
 * - {go}: open the database, start the service (recovery runs here), accept
 *   the given intents as desktops would (each "accepted" is reported), then
 *   report "settled" once nothing is left to send;
 * - {exit}: stop cleanly.
 * The parent SIGKILLs us at random moments in between.
 *
 * Env: CRASH_DB (the SQLite file), CRASH_BASE (the simulator's URL).
 */
import { createInterface } from 'node:readline';
import { createDingTalkClient } from '../../../main/dingtalk/client';
import { DEMO_APP_KEY, DEMO_APP_SECRET } from '../../../main/dingtalk/simulator/demo';
import { createGateway } from '../../../server/dingtalk/gateway';
import { createEventBus } from '../../../server/events/bus';
import { createPunchService } from '../../../server/punches/service';
import type { PunchService } from '../../../server/services';
import { openSqlite, type OpenedDatabase } from '../../../server/store/database';
import { type CrashCommand, type CrashMessage, deviceOf } from './crash-protocol';

const say = (message: CrashMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const file = process.env.CRASH_DB ?? '';
const base = process.env.CRASH_BASE ?? '';
let offset = 0;
const clock = { now: () => Date.now() + offset };
// Set by go(); `as` keeps TypeScript from narrowing them to null for the exit command.
let opened = null as OpenedDatabase | null;
let service = null as PunchService | null;

async function go(command: Extract<CrashCommand, { cmd: 'go' }>): Promise<void> {
  offset = command.offsetMs;
  const db = (opened = await openSqlite(file));
  const client = createDingTalkClient({
    config: {
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      oapiBase: base,
      apiBase: base,
      loginBase: base,
    },
    clock,
  });
  const s = (service = createPunchService({
    db: db.db,
    gateway: createGateway({ api: client, clock }),
    clock,
    policies: () => ({
      punchingEnabled: true,
      maxOfflineMinutes: 30,
      repeatGuardMinutes: 0,
      allowedClockDifferenceSeconds: 60,
    }),
    bus: createEventBus(),
    graceMs: command.graceMs,
    pollMs: 10,
  }));
  s.start();
  for (const intent of command.intents) {
    const deviceId = deviceOf(intent.userId);
    const view = await s.accept(
      {
        id: `session-${intent.userId}`,
        userId: intent.userId,
        userName: null,
        deviceId,
        deviceName: `Daka · ${deviceId}`,
        createdAt: 0,
      },
      { intentId: intent.intentId, clickedAt: clock.now(), checkType: null, queuedOffline: false },
      { method: 'POST', url: 'http://127.0.0.1/v1/punches', ip: '127.0.0.1' },
    );
    say({ accepted: intent.intentId, state: view.state });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  for (;;) {
    const left = await db.db
      .selectFrom('punches')
      .select('id')
      .where('state', 'in', ['accepted', 'sending', 'unknown'])
      .execute();
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  say({ settled: true });
}

say({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as CrashCommand;
  if (command.cmd === 'go') {
    go(command).catch((error: unknown) => say({ failed: String(error) }));
  } else {
    await service?.stop();
    await opened?.close();
    process.exit(0);
  }
}
