/**
 * The auth room: DingTalk identity, then a device session bound to the
 * device's key (see login.ts, tokens.ts, sessions.ts, dpop.ts).
 */
import { AppError } from '../../shared/errors';
import type { AuthService } from '../services';
import type { AuthDeps } from './deps';
import { createProofVerifier } from './dpop';
import { PRUNE_EVERY_MS } from './limits';
import { callback, startLogin } from './login';
import { pruneExpired } from './prune';
import { createReplayCache } from './replay';
import { revokeSession } from './revoke';
import { authenticate, listSessions, logout, revokeOwn } from './sessions';
import { token } from './tokens';

export type { AuthDeps } from './deps';
export { REVOKE_REASONS } from './revoke';
export { ACCESS_TTL_MS, REFRESH_TTL_MS, PROOF_MAX_SKEW_S } from './limits';

export function createAuthService(deps: AuthDeps): AuthService {
  const proofs = createProofVerifier({
    clock: deps.clock,
    replay: deps.replay ?? createReplayCache(deps.clock, deps.logger),
  });
  const full = { ...deps, proofs };
  let nextPrune = 0;
  const maybePrune = async () => {
    const now = deps.clock.now();
    if (now < nextPrune) return;
    nextPrune = now + PRUNE_EVERY_MS;
    try {
      await pruneExpired(deps.db, now);
    } catch (error) {
      deps.logger.warn('auth: pruning expired rows failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  return {
    async startLogin(query) {
      await maybePrune();
      return startLogin(deps, query);
    },
    callback: (query) => callback(deps, query),
    async token(request, dpopProof, meta) {
      await maybePrune();
      return token(full, request, dpopProof, meta);
    },
    authenticate: (authorization, dpopProof, meta) =>
      authenticate(full, authorization, dpopProof, meta),
    logout: (session, meta) => logout(full, session, meta),
    listSessions: (session) => listSessions(full, session),
    revokeOwn: (session, sessionId, meta) => revokeOwn(full, session, sessionId, meta),
    async revoke(sessionId, reason, actor) {
      const exists = await deps.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (!exists) {
        throw new AppError('invalidInput', 'No such session', { field: 'sessionId' });
      }
      await revokeSession(deps, sessionId, reason, actor);
    },
  };
}
