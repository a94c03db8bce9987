/** The DingTalk client's token cache in the vault (see vaultTokenStore). */
import type { PersistedToken, TokenStore } from '../dingtalk/types';
import type { SecretBinding, Vault } from './vault';

function isPersistedToken(value: unknown): value is PersistedToken {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.expiresAt === 'number' &&
    Number.isFinite(v.expiresAt)
  );
}

/**
 * The DingTalk client's token cache, kept encrypted in the vault as 'appToken', bound to
 * the hosts it was issued by (`boundTo`): a token from other hosts is not loaded, so it is
 * never sent anywhere but where it came from.
 */
export function vaultTokenStore(vault: Vault, boundTo?: SecretBinding): TokenStore {
  return {
    load() {
      const raw = vault.getSecret('appToken', boundTo);
      if (raw === undefined) {
        // Issued by other hosts (or damaged): useless here, and not to be sent.
        if (vault.hasSecret('appToken')) vault.deleteSecret('appToken');
        return undefined;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      if (isPersistedToken(parsed)) return { token: parsed.token, expiresAt: parsed.expiresAt };
      vault.deleteSecret('appToken');
      return undefined;
    },
    save(token) {
      // Best effort (a lost cache costs one fetch); the vault logs a failed write.
      void vault.setSecret(
        'appToken',
        JSON.stringify({ token: token.token, expiresAt: token.expiresAt }),
        boundTo,
      );
    },
    clear() {
      vault.deleteSecret('appToken');
    },
  };
}
