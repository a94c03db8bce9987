/**
 * The engine's doctor: in server mode the server room's checks (reachable,
 * session, the server's own DingTalk checks) plus this machine's secret
 * storage; otherwise the direct doctor, with the plain warning that the secret
 * on this machine uploads punches for any userid.
 */
import type { SecretStorageInfo } from '../../shared/contract';
import type { DoctorReport, Identity } from '../../shared/model';
import { toZonedIso } from '../../shared/time';
import { runDoctor } from '../attendance/doctor';
import type { CallMeter } from '../attendance/quota';
import type { Cipher, Clock } from '../ports';
import type { ConnectionRoom } from './connection-room';
import type { ServerRoom } from './server-room';

export interface DoctorDeps {
  conn: ConnectionRoom;
  server: ServerRoom;
  meter: CallMeter;
  clock: Clock;
  cipherKind: Cipher['kind'];
  identity: Identity | null;
  secretStorage: SecretStorageInfo;
}

export async function engineDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { conn } = deps;
  if (conn.kind() === 'server') {
    const now = deps.clock.now();
    const checks = await deps.server.doctor();
    const storage = deps.secretStorage;
    checks.push({
      id: 'secretStorage',
      subject: null,
      status: storage.kind === 'os' || deps.cipherKind === 'test' ? 'pass' : 'warn',
      error: null,
      facts: { kind: storage.kind, memoryOnly: storage.memoryOnly ? 'yes' : 'no' },
    });
    return { at: toZonedIso(now, conn.timeZone()), checks, countedCalls: 0 };
  }
  const report = await runDoctor({
    api: conn.config() ? conn.api() : null,
    meter: deps.meter,
    clock: deps.clock,
    timeZone: conn.timeZone(),
    identity: deps.identity,
    secretStorage: deps.secretStorage,
    cipherKind: deps.cipherKind,
  });
  if (conn.kind() === 'direct') {
    report.checks.push({
      id: 'directTrust',
      subject: null,
      status: 'warn',
      error: null,
      facts: {},
    });
  }
  return report;
}
