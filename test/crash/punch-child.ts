/**
 * The process the crash test kills: a warm `daka` CLI that runs one command
 * per line of stdin (newline-delimited JSON both ways), so a restart costs a
 * command, not a Node start-up. Only main/cli.ts runs here; the two hooks below
 * merely HOLD the upload at a chosen moment so the parent can SIGKILL us there:
 * - beforeSend: the outbox has written `sending`, the request has not left;
 * - afterReply: DingTalk's reply has fully arrived, the outbox has not seen it.
 *
 * Env: DAKA_* as for the CLI, plus CRASH_CLOCK_OFFSET_MS (simulated minus real
 * time, so our clock agrees with the simulator's running SimClock).
 */
import { createInterface } from 'node:readline';
import { runCli } from '../../main/cli';

export type Hook = 'beforeSend' | 'afterReply';

export interface ChildCommand {
  cmd: 'punch' | 'flush';
  hook: Hook | null;
  /** Simulated minus real time now: the parent moves the simulator's clock between kills. */
  offsetMs?: number;
}

export type ChildMessage =
  { ready: true } | { hook: Hook } | { done: ChildCommand['cmd']; code: number; out: string };

const UPLOAD_PATH = '/topapi/attendance/record/upload';
/** A hook holds the upload this long at most: the parent kills us well before. */
const HOLD_MS = 10_000;

let offset = Number(process.env.CRASH_CLOCK_OFFSET_MS ?? '0');
const clock = { now: () => Date.now() + offset };
let hook: Hook | null = null;

const say = (message: ChildMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const hold = () => new Promise((resolve) => setTimeout(resolve, HOLD_MS));

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname !== UPLOAD_PATH || hook === null) return realFetch(input, init);
  if (hook === 'beforeSend') {
    say({ hook });
    await hold();
    return realFetch(input, init);
  }
  const res = await realFetch(input, init);
  const body = await res.text();
  say({ hook });
  await hold();
  return new Response(body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
};

const ARGV: Record<ChildCommand['cmd'], string[]> = {
  punch: ['punch', '--json', '--yes'],
  flush: ['outbox', '--json'],
};

const lines = createInterface({ input: process.stdin });
say({ ready: true });
for await (const line of lines) {
  const command = JSON.parse(line) as ChildCommand;
  if (typeof command.offsetMs === 'number') offset = command.offsetMs;
  hook = command.hook;
  let out = '';
  const code = await runCli(ARGV[command.cmd], {
    env: process.env,
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => process.stderr.write(text),
    clock,
  });
  hook = null;
  say({ done: command.cmd, code, out });
}
