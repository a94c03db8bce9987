/**
 * Says plainly how secrets are kept here. On Linux without a keyring the only
 * way to persist them is Chromium's basic_text (a key baked into the binary):
 * the employee decides, and until then secrets live only until quit.
 */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

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
