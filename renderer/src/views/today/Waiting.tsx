/**
 * The panels Today shows only now and then, loaded when first needed: a punch
 * waiting in the outbox (Send now, Discard, why it waits), and the company
 * server's "sign in again".
 */
import { useRef, useState } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { MessageKey } from '../../../../shared/i18n/types';
import type { OutboxEntry, OutboxState } from '../../../../shared/model';
import { ConfirmInline } from '../../components/ConfirmInline';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';
import type { PrimaryActions } from './PrimaryPanel';
import { acceptedByServer } from './primary';

const OUTBOX_STATE: Record<OutboxState, MessageKey | null> = {
  pending: 'today.outboxPending',
  sending: 'today.outboxSending',
  unknown: 'today.outboxUnknown',
  held: null,
  sent: null,
  discarded: null,
};

export function OutboxPanel({
  entry,
  more,
  notSent,
  format,
  actions,
}: {
  entry: OutboxEntry;
  more: number;
  notSent: AppErrorPayload | null;
  format: Format;
  actions: PrimaryActions;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tried, setTried] = useState(false);
  const accepted = acceptedByServer(entry);
  const sending = entry.state === 'sending' || busy;
  const titleKey = accepted
    ? 'today.outboxAccepted'
    : entry.held
      ? (`today.held.${entry.held}` as const)
      : OUTBOX_STATE[entry.state];
  const run = async (action: (id: string) => Promise<void>, send = false) => {
    setBusy(true);
    await action(entry.id);
    setBusy(false);
    setTried(send);
  };
  // Held by DingTalk (not by time): the real cause in full, with its fix and the doctor.
  const refused = entry.held !== undefined && entry.held !== 'offline';
  // This popup's Send now, answered with the punch still waiting: say so, and why.
  const failed = tried && !sending && notSent ? notSent : null;
  // Held for its age the last error is only the network's, except the company server's own
  // punchTooOld: its reason and fix (punch again, 补卡) say that Send now cannot help.
  const tooOld = entry.held === 'offline' && entry.lastError?.code === 'punchTooOld';
  const byAge = entry.held === 'offline' && !tooOld;
  const error = failed ?? (accepted || byAge ? null : entry.lastError);
  return (
    <div className="primary-message primary-outbox">
      <p className="primary-title">
        {t('today.outboxTitle', {
          action: t(`punchAction.${entry.type}`),
          time: format.time(entry.at),
        })}
      </p>
      <p className="primary-text" role={failed ? 'alert' : 'status'}>
        {sending && <Spinner />}
        {failed && `${t('today.notSent')} · `}
        {titleKey && t(titleKey)}
        {/* Its own flex item: the row's gap spaces it (a space before （ showed in Chinese). */}
        {more > 0 && <span>{t('today.outboxMore', { count: more })}</span>}
      </p>
      {error && (
        <ErrorNotice
          error={error}
          tone="status"
          brief={!refused && !tooOld}
          {...(refused ? { onDoctor: actions.openDoctor } : {})}
        />
      )}
      {/* The server owns an accepted punch now: nothing to send again or discard here. */}
      {accepted ? null : confirming ? (
        <ConfirmInline
          question={t('today.discardQuestion')}
          confirmLabel={t('today.discardConfirm')}
          busy={busy}
          onConfirm={() => void run(actions.discard)}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button primary-action"
            disabled={sending}
            onClick={() => void run(actions.send, true)}
          >
            {t('today.sendNow')}
          </button>
          <button
            type="button"
            className="button"
            disabled={sending}
            onClick={() => setConfirming(true)}
          >
            {t('today.discard')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The company server ended this device's session: why, and the way back in. */
export function SignInAgain({
  reason,
  actions,
}: {
  reason: AppErrorPayload;
  actions: PrimaryActions;
}) {
  const { t } = useI18n();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const attempt = useRef(0);
  const signIn = async () => {
    const mine = ++attempt.current;
    setWaiting(true);
    setError(null);
    const failure = await actions.signIn();
    // A cancelled wait ignores its late answer.
    if (mine !== attempt.current) return;
    setWaiting(false);
    setError(failure);
  };
  const cancel = () => {
    attempt.current += 1;
    setWaiting(false);
    actions.cancelSignIn();
  };
  return (
    <div className="primary-message primary-signed-out">
      <p className="primary-title">{t('today.signedOutTitle')}</p>
      <ErrorNotice error={error ?? reason} tone={error ? 'alert' : 'status'} />
      {waiting ? (
        <p className="primary-text" role="status">
          <Spinner />
          {t('today.signInWaiting')}
        </p>
      ) : null}
      <div className="button-row">
        {waiting ? (
          <button type="button" className="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
        ) : (
          <button type="button" className="button primary-action" onClick={() => void signIn()}>
            {t('today.signIn')}
          </button>
        )}
      </div>
    </div>
  );
}
