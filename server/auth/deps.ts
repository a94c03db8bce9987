/** What the auth room is built from (the composition root passes these). */
import type { DingTalkApi } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import type { EventBus, ServerConfig } from '../services';
import type { Db } from '../store/schema';
import type { ReplayCache } from './replay';

export interface AuthDeps {
  db: Db;
  config: Pick<ServerConfig, 'publicUrl' | 'appKey'>;
  dingtalk: Pick<DingTalkApi, 'authorizeUrl' | 'userAccessToken' | 'me' | 'userIdByUnionId'>;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  /** DPoP proof ids seen (default: in memory; several instances share the database's). */
  replay?: ReplayCache;
  /** An employee got a new session (the composition root tells DayData.rememberUser). */
  onSignIn?: (userId: string, name: string | null) => void | Promise<void>;
}
