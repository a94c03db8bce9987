/**
 * Says plainly how secrets are kept here. On Linux without a keyring the only
 * way to persist them is Chromium's basic_text (a key baked into the binary):
 * the employee decides, and until then secrets live only until quit. Stored
 * secrets that could not be read this run are said first (UnreadableSecretsNotice,
 * also shown in setup).
 */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../../../shared/i18n/types';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
}

export function SecretStorageNotice({ snapshot, onSnapshot }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const { kind, weakAccepted, memoryOnly } = snapshot.secretStorage;

  const accept = async (value: boolean) => {
    setError(null);
    const r = await call(bridge, 'acceptWeakStorage', { accept: value });
    if (r.ok) onSnapshot(r.value);
    else setError(r.error);
  };

  const weak = kind === 'basicText';
  return (
    <div className={`storage storage-${kind}`}>
      <UnreadableSecretsNotice snapshot={snapshot} onSnapshot={onSnapshot} />
      <p className={weak || kind === 'unavailable' ? 'notice notice-warn' : 'storage-text'}>
        {kind === 'os' && t('settings.storageOs')}
        {weak && t('settings.storageBasicText')}
        {kind === 'unavailable' && t('settings.storageUnavailable')}
        {weak && weakAccepted && ` ${t('settings.storageWeakAccepted')}`}
      </p>
      {(memoryOnly || kind === 'memory') && (
        <p className="storage-text">{t('settings.storageMemoryOnly')}</p>
      )}
      {weak && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => void accept(!weakAccepted)}>
            {weakAccepted ? t('settings.revokeWeak') : t('settings.acceptWeak')}
          </button>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}

/**
 * Stored credentials the keychain could not give this run (snapshot.secretStorage.unreadable):
 * said plainly, with what was kept and what to do, so setup showing again is not taken for
 * "nothing was saved". "Try again" is a refresh: main reads them again, the refused ones too.
 * Renders nothing when every stored secret was read.
 */
export function UnreadableSecretsNotice({ snapshot, onSnapshot }: Props) {
  const bridge = useBridge();
  const { t, locale } = useI18n();
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);
  const unreadable = snapshot.secretStorage.unreadable;
  if (!unreadable || unreadable.names.length === 0) return null;

  const names = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    unreadable.names.map((name) => t(`settings.secretName.${name}` as MessageKey)),
  );
  const retry = async () => {
    setError(null);
    setBusy(true);
    const r = await call(bridge, 'refresh');
    setBusy(false);
    if (r.ok) onSnapshot(r.value);
    else setError(r.error);
  };
  return (
    <div className="notice notice-warn" role="note">
      <p className="notice-title">{t('settings.unreadableTitle')}</p>
      <p>
        {t(
          unreadable.reason === 'locked'
            ? 'settings.unreadableLocked'
            : 'settings.unreadableFailed',
          {
            names,
          },
        )}
      </p>
      <p className="notice-fix">{t('settings.unreadableReplace')}</p>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void retry()}>
          {t('settings.unreadableRetry')}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
