/**
 * Runs the Stream listener with the REAL DWClient (dingtalk-stream) in its own
 * process, so real-client.test.ts can give it HTTPS_PROXY and NODE_EXTRA_CA_CERTS
 * (read only at process start): the package's hard-coded
 * https://api.dingtalk.com/v1.0/gateway/connections/open then reaches a local
 * stand-in over a verified TLS tunnel, and nothing leaves 127.0.0.1.
 * Reports on stdout as lines starting with "@@"; "stop" on stdin stops it.
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../../../main/ports';
import { openSqlite } from '../../../server/store/database';
import { createStreamListener } from '../../../server/stream/index';

const report = (value: Record<string, unknown>) =>
  process.stdout.write(`@@${JSON.stringify(value)}\n`);

const { db, close } = await openSqlite(process.env.DAKA_STREAM_DB ?? ':memory:');
let pushes = 0;
const listener = createStreamListener({
  appKey: process.env.DAKA_STREAM_KEY ?? '',
  appSecret: process.env.DAKA_STREAM_SECRET ?? '',
  db,
  clock: systemClock,
  logger: {
    debug: () => undefined,
    info: (message, data) => report({ log: 'info', message, data }),
    warn: (message, data) => report({ log: 'warn', message, data }),
    error: (message, data) => report({ log: 'error', message, data }),
  },
  meter: { recordPush: (n) => void (pushes += n) },
  onCheckRecord: (userId, checkTimeMs) => report({ checkRecord: { userId, checkTimeMs } }),
  // Short delays keep the test quick; the sequence itself is tested with fake timers.
  backoff: { baseMs: 50, maxMs: 400 },
  livenessCheckMs: 50,
  connectTimeoutMs: 10_000,
});
await listener.start();
report({ started: true });

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'status') report({ status: listener.status(), pushes });
  if (line.trim() !== 'stop') return;
  void (async () => {
    await listener.stop();
    const rows = await db.selectFrom('stream_events').select('event_id').execute();
    report({
      stopped: listener.status(),
      pushes,
      eventIds: rows.map((r) => r.event_id),
    });
    await close();
    process.exit(0);
  })();
});
