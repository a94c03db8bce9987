/**
 * `daka` in company server mode, each command a run of its own over the same
 * data folder (as separate processes would be), against the real Daka Server
 * in front of the DingTalk simulator.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APP_SECRET, type Simulator } from '../../main/dingtalk/simulator';
import { type ServerCli, startServerCli } from '../helpers/server-desktop';

let s: ServerCli;
let sim: Simulator;
let base: string;
let home: string;
const daka = (...args: string[]) => s.daka(...args);

beforeAll(async () => {
  ({ sim, base, home } = s = await startServerCli());
});
afterAll(() => s.close());

describe('daka with a company server', () => {
  it('refuses a version 2 file with a secret in it, and an http address off this machine', async () => {
    const file = join(home, '..', `bad-${Date.now()}.json`);
    await writeFile(file, JSON.stringify({ version: 2, server: base, appSecret: 'x' }));
    const bad = await daka('config', 'import', file, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'provisioningInvalid',
      detail: { field: 'appSecret' },
    });
    await rm(file);
    const http = await daka('login', '--server', 'http://daka.example.com', '--json');
    expect(http.code).toBe(1);
    expect(JSON.parse(http.stdout).error).toMatchObject({
      code: 'invalidInput',
      detail: { field: 'server' },
    });
  });

  it('login --server signs in; whoami, status, punch and doctor work in later runs', async () => {
    const login = await daka('login', '--server', base, '--json');
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      userId: 'zhangwei',
      via: 'server',
      server: base,
    });
    // The session outlives the run, in a file only this user can read; no DingTalk secret.
    const session = join(home, 'server-session.json');
    expect((await stat(session)).mode & 0o077).toBe(0);
    expect(await readFile(session, 'utf8')).not.toContain(DEMO_APP_SECRET);

    const who = await daka('whoami');
    expect(who).toMatchObject({ code: 0, stdout: '张伟 zhangwei (server)\n' });

    const status = await daka('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      userId: 'zhangwei',
      date: '2026-11-23',
      next: 'OnDuty',
    });

    const punch = await daka('punch', '--json');
    const outcome = JSON.parse(punch.stdout);
    // Punched only when DingTalk confirmed through the server; else queued with the reason.
    if (outcome.outcome === 'punched') {
      expect(punch.code).toBe(0);
    } else {
      expect(outcome).toMatchObject({ outcome: 'queued', reason: { code: 'punchAccepted' } });
      expect(punch.code).toBe(3);
    }
    expect(outcome.type).toBe('OnDuty');

    const doctor = await daka('doctor', '--json');
    const report = JSON.parse(doctor.stdout);
    const ids = report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`);
    expect(ids).toContain('server:pass');
    expect(ids).toContain('serverSession:pass');
    expect(ids).not.toContain('directTrust:warn');
    expect(sim.records.filter((r) => r.userId === 'zhangwei')).toHaveLength(1);
  });
});
