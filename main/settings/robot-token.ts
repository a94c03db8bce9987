/**
 * The receipts robot's webhook access_token is a secret (anyone holding it
 * posts into the employee's group): it lives in the vault as 'robotToken',
 * never in settings, snapshots or `config show`. Versions before this one
 * kept it in settings.receipts.robotToken: moved once, on start.
 */
import type { Logger, Store } from '../ports';
import type { Vault } from './vault';

const SETTINGS_KEY = 'settings';

/**
 * Moves a plain-text robot token out of the stored settings into the vault (loaded first).
 * Idempotent; the settings lose it only once its cipher text is on disk.
 */
export async function migrateRobotToken(
  settings: Store,
  vault: Vault,
  logger: Logger,
): Promise<void> {
  const raw = settings.get<unknown>(SETTINGS_KEY);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const receipts = (raw as Record<string, unknown>).receipts;
  if (typeof receipts !== 'object' || receipts === null || !('robotToken' in receipts)) return;
  const { robotToken, ...rest } = receipts as Record<string, unknown>;
  if (typeof robotToken === 'string' && robotToken.length > 0 && !vault.hasSecret('robotToken')) {
    try {
      await vault.setSecret('robotToken', robotToken);
    } catch {
      // The keychain refused: keep it where it was and try again next start.
      logger.warn('settings: robot token not moved to the vault (secret storage refused)');
      return;
    }
  }
  settings.set(SETTINGS_KEY, { ...(raw as Record<string, unknown>), receipts: rest });
  logger.info('settings: robot token moved to the vault', { persistence: vault.persistence });
}
