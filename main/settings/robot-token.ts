/**
 * The receipts robot's webhook access_token is a secret (anyone holding it
 * posts into the employee's group): it lives in the vault as 'robotToken',
 * never in settings, snapshots or `config show`. Versions before this one
 * kept it in settings.receipts.robotToken: moved once, on start.
 */
import type { Logger, Store } from '../ports';
import type { Vault } from './vault';

const SETTINGS_KEY = 'settings';

/** The stored settings' plain robot token and the settings without it; null when there is none. */
function plainToken(settings: Store): { token: unknown; without: Record<string, unknown> } | null {
  const raw = settings.get<unknown>(SETTINGS_KEY);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const receipts = (raw as Record<string, unknown>).receipts;
  if (typeof receipts !== 'object' || receipts === null || !('robotToken' in receipts)) return null;
  const { robotToken, ...rest } = receipts as Record<string, unknown>;
  return { token: robotToken, without: { ...(raw as Record<string, unknown>), receipts: rest } };
}

/**
 * Moves a plain-text robot token out of the stored settings into the vault (loaded first).
 * Idempotent; the settings lose it only once its cipher text is on disk: in memory-only
 * mode (no keychain, or basic_text not accepted) it stays there for the next start, since
 * the vault's copy goes with this run.
 */
export async function migrateRobotToken(
  settings: Store,
  vault: Vault,
  logger: Logger,
): Promise<void> {
  const plain = plainToken(settings);
  if (plain === null) return;
  const usable = typeof plain.token === 'string' && plain.token.length > 0;
  if (typeof plain.token === 'string' && usable && !vault.hasSecret('robotToken')) {
    try {
      await vault.setSecret('robotToken', plain.token);
    } catch {
      // The keychain refused: keep it where it was and try again next start.
      logger.warn('settings: robot token not moved to the vault (secret storage refused)');
      return;
    }
  }
  if (usable && !vault.isDurable('robotToken')) {
    // Only in memory this run (or unreadable on disk): the plain copy is the one that lasts.
    logger.info('settings: robot token kept in settings until the vault can store it', {
      persistence: vault.persistence,
    });
    return;
  }
  settings.set(SETTINGS_KEY, plain.without);
  logger.info('settings: robot token moved to the vault', { persistence: vault.persistence });
}

/**
 * The employee set or forgot the robot token: a plain copy still kept in settings (memory-only
 * mode, see migrateRobotToken) must not bring the old one back on the next start.
 */
export function dropPlainRobotToken(settings: Store): void {
  const plain = plainToken(settings);
  if (plain !== null) settings.set(SETTINGS_KEY, plain.without);
}
