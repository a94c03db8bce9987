/**
 * Who is signed in with which app (or through which company server), and the
 * two ways out, each asked first. In server mode signing out ends this
 * device's session on the server too. Demo mode holds no credential: its one
 * way out is "Leave demo" (back to setup, nothing deleted, so nothing to ask).
 */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ConfirmInline } from '../../components/ConfirmInline';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { Section } from './fields';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
}

export function AccountSection({ snapshot, onSnapshot }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [asking, setAsking] = useState<'signOut' | 'forget' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const { identity, appKeyMasked, connection } = snapshot;
  const serverMode = connection.kind === 'server';

  const demo = snapshot.mode === 'demo';

  const run = async (channel: 'signOut' | 'forgetCredentials' | 'leaveDemo') => {
    setBusy(true);
    setError(null);
    const r = await call(bridge, channel);
    setBusy(false);
    setAsking(null);
    if (r.ok) onSnapshot(r.value);
    else setError(r.error);
  };

  return (
    <Section title={t('settings.account')}>
      <p className="account-line">
        {identity
          ? t('settings.signedInAs', {
              name: identity.name ?? identity.userId,
              userId: identity.userId,
            })
          : t('settings.notSignedIn')}
      </p>
      {serverMode && connection.server && (
        <p className="account-line muted">
          {t('settings.serverLabel', { server: connection.server })}
          {connection.serverInfo &&
            ` · ${t('settings.serverVersion', { version: connection.serverInfo.version })}`}
        </p>
      )}
      {!serverMode && appKeyMasked && (
        <p className="account-line muted">{t('settings.appKeyLabel', { key: appKeyMasked })}</p>
      )}
      {asking === 'signOut' && (
        <ConfirmInline
          question={t(serverMode ? 'settings.signOutServerQuestion' : 'settings.signOutQuestion')}
          confirmLabel={t('settings.signOut')}
          busy={busy}
          onConfirm={() => void run('signOut')}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === 'forget' && (
        <ConfirmInline
          question={`${t(serverMode ? 'settings.forgetServerQuestion' : 'settings.forgetQuestion')} ${t('settings.forgetRemains')}`}
          confirmLabel={t(serverMode ? 'settings.forgetServer' : 'settings.forget')}
          busy={busy}
          onConfirm={() => void run('forgetCredentials')}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === null && demo && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run('leaveDemo')}
          >
            {t('demo.leave')}
          </button>
        </div>
      )}
      {asking === null && !demo && (
        <div className="button-row">
          {identity && (
            <button type="button" className="button" onClick={() => setAsking('signOut')}>
              {t('settings.signOut')}
            </button>
          )}
          {snapshot.mode !== 'unconfigured' && (
            <button
              type="button"
              className="button danger-text"
              onClick={() => setAsking('forget')}
            >
              {t(serverMode ? 'settings.forgetServer' : 'settings.forget')}
            </button>
          )}
        </div>
      )}
      {error && <ErrorNotice error={error} />}
    </Section>
  );
}
