/**
 * One Daka Server process for the multi-instance test: startDakaServer with the
 * configuration from the environment (DAKA_SERVER_*, DATABASE_URL), as the
 * `daka-server` command builds it, plus the test's knobs (a short grace
 * period, a fast worker, the simulator's rate). Prints {"ready": url} once
 * listening; SIGTERM closes it gracefully, the test's SIGKILL does not.
 */
import { startDakaServer } from '../../../server/app';
import { loadConfig } from '../../../server/config';

const { config } = loadConfig({ env: process.env });
const server = await startDakaServer({
  config,
  logStream: { write: (line) => void process.stderr.write(line) },
  punchPollMs: 20,
  punchGraceMs: Number(process.env.TEST_GRACE_MS ?? 1000),
  dingtalkPerSecond: Number(process.env.TEST_PER_SECOND ?? 18),
});
process.stdout.write(`${JSON.stringify({ ready: server.url })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
