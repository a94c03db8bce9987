import { describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import { as, fakeApp } from './fakes';

describe('GET /v1/health (any employee)', () => {
  it('does not name the employee the doctor read as (an administrator, or whoever signed in last)', async () => {
    const { app, fakes } = await fakeApp();
    fakes.services.health.checks = async () => [
      {
        id: 'permission',
        subject: 'qyapi_attendance_group_read',
        status: 'pass',
        error: null,
        facts: { probedAs: 'chenjing' },
      },
    ];
    try {
      const res = await app.inject({ url: PATHS.health, headers: as('A', PATHS.health) });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('chenjing');
      expect(res.json().checks[0]).toMatchObject({ id: 'permission', status: 'pass', facts: {} });
    } finally {
      await app.close();
    }
  });
});
