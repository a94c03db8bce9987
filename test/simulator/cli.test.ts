import { describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_APP_SECRET } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { runSimulatorCli } from '../../main/dingtalk/simulator/cli';

describe('simulator command', () => {
  it('prints the URLs, demo credentials and users, serves until stopped', async () => {
    let out = '';
    const stop = new AbortController();
    let ready: (sim: Simulator) => void = () => undefined;
    const started = new Promise<Simulator>((resolve) => (ready = resolve));
    const done = runSimulatorCli([], {
      write: (text) => (out += text),
      signal: stop.signal,
      onReady: ready,
    });
    const sim = await started;
    expect(out).toContain(sim.urls.oapiBase);
    expect(out).toContain(DEMO_APP_KEY);
    expect(out).toContain(DEMO_APP_SECRET);
    expect(out).toContain('zhangwei');
    expect(out).toContain('张伟');
    const res = await fetch(
      `${sim.urls.oapiBase}/gettoken?appkey=${DEMO_APP_KEY}&appsecret=${DEMO_APP_SECRET}`,
    );
    expect((await res.json()).errcode).toBe(0);
    // The command's clock runs: demo mode is live.
    expect(sim.clock.isRunning).toBe(true);
    stop.abort();
    expect(await done).toBe(0);
    await expect(fetch(`${sim.urls.oapiBase}/gettoken`)).rejects.toThrow();
  });

  it('rejects a bad port and prints help', async () => {
    let out = '';
    expect(await runSimulatorCli(['--port', 'abc'], { write: (t) => (out += t) })).toBe(2);
    expect(out).toContain('Usage');
    expect(await runSimulatorCli(['--help'], { write: () => undefined })).toBe(0);
  });
});
