import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../main/dingtalk/simulator';
import { loadConfig } from '../../../server/config';
import { startDemoServer } from '../../../server/demo';
import { adminSignIn } from './fixture';

describe('the demo server (npm run server with nothing configured)', () => {
  it('lets the demo employee into the admin console, so a newcomer can try it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'daka-demo-admin-'));
    const { config } = loadConfig({
      env: { DAKA_SERVER_DATA: home, DAKA_SERVER_PORT: '0', DAKA_SERVER_LOG_LEVEL: 'silent' },
      home,
    });
    const demo = await startDemoServer(config);
    try {
      const fixture = {
        sim: demo.simulator,
        clock: new SimClock({ running: true }),
        server: demo,
        base: demo.url,
        dataDir: home,
        logs: [],
        close: async () => undefined,
      };
      const admin = await adminSignIn(fixture, demo.userId);
      expect(admin.landing.status).toBe(302);
      const me = await admin.call('GET', '/admin/api/me');
      expect(me.status).toBe(200);
      expect(me.json.user.userId).toBe(demo.userId);
    } finally {
      await demo.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
