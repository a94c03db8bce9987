import { describe, expect, it } from 'vitest';
import { demoUserFor, startDemoBackend } from '../../main/demo';
import { DEMO_USERS, demoOrg } from '../../main/dingtalk/simulator';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger, systemClock } from '../../main/ports';

describe('demo mode', () => {
  it('plays the office worker on a weekday and a colleague who works on a weekend', () => {
    const org = demoOrg();
    expect(demoUserFor(org, '2026-11-27')).toBe(DEMO_USERS.fixed);
    const weekend = demoUserFor(org, '2026-11-28');
    expect(weekend).not.toBe(DEMO_USERS.fixed);
  });

  it('runs the simulator in-process and loads today through it', async () => {
    const engine = new Engine({
      stores: {
        settings: new MemoryStore(),
        state: new MemoryStore(),
        outbox: new MemoryStore(),
        secrets: new MemoryStore(),
      },
      cipher: new TestCipher(),
      clock: systemClock,
      logger: silentLogger,
      host: { hostname: 'h', platform: 'linux', version: 't', startAtLogin: () => false },
      openUrl: async () => undefined,
      demo: startDemoBackend,
    });
    try {
      expect(engine.mode()).toBe('unconfigured');
      await engine.startDemo();
      expect(engine.mode()).toBe('demo');
      expect(engine.snapshot().trayState).toBe('demo');
      expect(engine.config()?.oapiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const day = await engine.open();
      expect(day?.userId).toBe(engine.identity()?.userId);
      // Leaving demo mode for a real configuration forgets the demo.
      engine.forgetCredentials();
      expect(engine.mode()).toBe('unconfigured');
    } finally {
      await engine.stop();
    }
  });
});
