/** What the admin console is built from (server/app.ts passes these). */
import type { DingTalkApi } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import type { MeterFigures } from '../batch/meter';
import type { HealthService, PolicySource, ServerConfig } from '../services';
import type { Db } from '../store/schema';
import type { StreamStatus } from '../stream';

export interface AdminDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<ServerConfig, 'admins' | 'publicUrl' | 'timeZone'>;
  /** The same DingTalk client (through the gateway) the desktops' sign-in uses. */
  dingtalk: Pick<DingTalkApi, 'authorizeUrl' | 'userAccessToken' | 'me' | 'userIdByUnionId'>;
  /** AuthService.revoke: marks the session, writes the audit row, tells the desktop. */
  revoke(sessionId: string, reason: string, actor: string): Promise<void>;
  policies: PolicySource;
  meter(): MeterFigures;
  health: HealthService;
  /** The Stream listener's state; null when Stream mode is off. */
  stream(): StreamStatus | null;
  version: string;
  /** Where the built console is (default out/admin in the repository). */
  uiDir?: string;
  /** Requests per minute per client address on the console's routes. */
  rateLimit?: { max: number; timeWindow: number };
}
