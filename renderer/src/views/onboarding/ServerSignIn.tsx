/**
 * Company server, step 2: sign in with DingTalk through the server (the
 * system browser; a waiting state with cancel). No AppKey, AppSecret or user
 * id here: the server knows who signed in. Why the last session ended, if the
 * server ended it, is said first.
 */
import { useRef, useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
  onChangeServer(): void;
  onDoctor(): void;
}

export function ServerSignIn({ snapshot, onSnapshot, onChangeServer, onDoctor }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  /** Set when the employee cancels: the pending login reply is then ignored. */
  const cancelled = useRef(false);
  const { server, signedOutReason } = snapshot.connection;

  const login = async () => {
    cancelled.current = false;
    setError(null);
    setWaiting(true);
    const r = await call(bridge, 'loginWithBrowser');
    if (cancelled.current) return;
    setWaiting(false);
    if (!r.ok) return setError(r.error);
    // The identity reply carries no snapshot: fetch the one that now includes it.
    const s = await call(bridge, 'getSnapshot');
    if (s.ok) onSnapshot(s.value);
  };

  const cancel = async () => {
    cancelled.current = true;
    setWaiting(false);
    const r = await call(bridge, 'cancelLogin');
    if (r.ok) onSnapshot(r.value);
  };

  if (waiting) {
    return (
      <div className="waiting" role="status">
        <Spinner />
        <p>{t('onboarding.loginWaiting')}</p>
        <button type="button" className="button" onClick={() => void cancel()}>
          {t('common.cancel')}
        </button>
      </div>
    );
  }

  return (
    <div className="identity">
      {signedOutReason && !error && <ErrorNotice error={signedOutReason} tone="status" />}
      <p className="intro">{t('onboarding.signInIntro')}</p>
      {server && <code className="server-address">{server}</code>}
      <button type="button" className="button primary-action wide" onClick={() => void login()}>
        {t('onboarding.loginWithBrowser')}
      </button>
      <p className="field-hint">{t('onboarding.signInHint')}</p>
      {error && <ErrorNotice error={error} onDoctor={onDoctor} />}
      <button type="button" className="link" onClick={onChangeServer}>
        {t('onboarding.changeServer')}
      </button>
    </div>
  );
}
