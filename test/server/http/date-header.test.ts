import { describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import { fakeApp } from './fakes';

describe('the Date header', () => {
  it('comes from the clock the server judges times by, so desktops measure skew against it', async () => {
    const at = Date.parse('2026-11-24T01:00:00Z');
    const { app } = await fakeApp({ clock: { now: () => at } });
    try {
      const ok = await app.inject({ url: PATHS.healthz });
      expect(ok.headers.date).toBe('Tue, 24 Nov 2026 01:00:00 GMT');
      const refused = await app.inject({ url: PATHS.me });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers.date).toBe('Tue, 24 Nov 2026 01:00:00 GMT');
    } finally {
      await app.close();
    }
  });
});
