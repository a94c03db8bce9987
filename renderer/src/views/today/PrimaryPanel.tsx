/**
 * The big area at the top of Today: the one next action and its states.
 * It keeps a minimum height, so nothing below moves when data arrives.
 */
import { useRef, useState } from 'react';
import { assertNever, type AppErrorPayload } from '../../../../shared/errors';
import type { MessageKey } from '../../../../shared/i18n/types';
import type { CheckPoint, CheckType, OutboxEntry, OutboxState } from '../../../../shared/model';
import { ConfirmInline } from '../../components/ConfirmInline';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CheckIcon, MoonIcon, Spinner } from '../../components/icons';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';
import { acceptedByServer, type Primary } from './primary';
import { ResultBadge } from './ResultBadge';

export interface PrimaryActions {
  punch(type: CheckType, confirm: boolean): void;
  /** Back to the plain state after a confirmation or error. */
  dismiss(): void;
  send(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  openDoctor(): void;
  /** Company server mode: sign in again (null on success, else why not). */
  signIn(): Promise<AppErrorPayload | null>;
  cancelSignIn(): void;
}

interface Props {
  primary: Primary;
  format: Format;
  actions: PrimaryActions;
}

export function PrimaryPanel({ primary, format, actions }: Props) {
  return (
    <section className={`primary primary-${primary.kind}`} aria-busy={primary.kind === 'loading'}>
      <PrimaryBody primary={primary} format={format} actions={actions} />
    </section>
  );
}

function PrimaryBody({ primary, format, actions }: Props) {
  const { t } = useI18n();
  switch (primary.kind) {
    case 'loading':
      return (
        <>
          <div className="punch-button skeleton" />
          <p className="primary-sub skeleton-line" />
        </>
      );
    case 'ready':
      return (
        <>
          <button
            type="button"
            className={primary.timing === 'normal' ? 'punch-button' : 'punch-button punch-warn'}
            disabled={primary.opensAt !== null}
            onClick={() => actions.punch(primary.type, false)}
          >
            {primary.timing === 'normal'
              ? t(`punchAction.${primary.type}`)
              : t(`today.offer.${primary.timing}`)}
          </button>
          <p className="primary-sub">
            {primary.opensAt
              ? t('today.opensAt', { time: format.time(primary.opensAt) })
              : primary.planned
                ? t(primary.timing === 'normal' ? 'today.planned' : `today.by.${primary.timing}`, {
                    time: format.time(primary.planned),
                    minutes: primary.minutes,
                  })
                : ''}
            {primary.timing !== 'normal' && primary.estimate && (
              <ResultBadge result={primary.estimate} provisional />
            )}
          </p>
        </>
      );
    case 'punching':
      return (
        <>
          <button type="button" className="punch-button" disabled aria-busy="true">
            <Spinner />
            {t('today.punching')}
          </button>
          <p className="primary-sub" role="status">
            {t(`punchAction.${primary.type}`)}
          </p>
        </>
      );
    case 'confirm':
      return (
        <div className="primary-message" role="alert">
          <p className="primary-title">
            {primary.ask === 'early'
              ? t('today.confirmEarlyTitle', {
                  time: format.time(primary.planned ?? primary.previousAt),
                })
              : t(`today.confirmTitle.${primary.type}`, { time: format.time(primary.previousAt) })}
          </p>
          <p className="primary-text">
            {primary.ask === 'early'
              ? t('today.confirmEarlyBody')
              : t(`today.confirmBody.${primary.type}`)}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button primary-action"
              onClick={() => actions.punch(primary.type, true)}
            >
              {primary.ask === 'early' ? t('today.offer.early') : t('today.confirmAction')}
            </button>
            <button type="button" className="button" onClick={actions.dismiss}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      );
    case 'done':
      return (
        <div className="primary-message primary-done" role="status">
          {/* Early, late or worse: not a green all-clear. */}
          <span
            className={`done-mark${primary.result && primary.result !== 'Normal' ? ' done-warn' : ''}`}
          >
            <CheckIcon />
          </span>
          <p className="primary-title">
            {primary.allDone ? t('today.allDone') : t(`today.punched.${primary.type}`)}
          </p>
          <p className="primary-text">
            {primary.allDone && `${t(`checkType.${primary.type}`)} · `}
            {t('today.punchedAt', { time: format.time(primary.at) })}
            {primary.result && <ResultBadge result={primary.result} />}
          </p>
          {primary.next && <NextLine point={primary.next} format={format} />}
          {primary.updateUntil && (
            <>
              <p className="primary-text">
                {t('today.updateHint', { time: format.time(primary.updateUntil) })}
              </p>
              <button
                type="button"
                className="button"
                onClick={() => actions.punch('OffDuty', false)}
              >
                {t('today.offer.update')}
              </button>
            </>
          )}
        </div>
      );
    case 'outbox':
      return (
        <OutboxPanel
          key={primary.entry.id}
          entry={primary.entry}
          more={primary.more}
          format={format}
          actions={actions}
        />
      );
    case 'signedOut':
      return <SignInAgain reason={primary.reason} actions={actions} />;
    case 'unavailable':
      return (
        <div className="primary-message">
          <p className="primary-title">{t('today.unavailableTitle')}</p>
          {primary.reason && <ErrorNotice error={primary.reason} tone="status" />}
          {primary.next && <NextLine point={primary.next} format={format} />}
        </div>
      );
    case 'rest':
      return (
        <div className="primary-message primary-rest" role="status">
          <span className="rest-mark">
            <MoonIcon />
          </span>
          <p className="primary-title">{t('today.restDay')}</p>
          {primary.nextWorkday && (
            <p className="primary-text">
              {t('today.nextWorkday', { date: format.date(primary.nextWorkday) })}
            </p>
          )}
        </div>
      );
    case 'leave':
      return (
        <div className="primary-message" role="status">
          <p className="primary-title">{t('today.onLeave')}</p>
          <p className="primary-text">{t('today.onLeaveBody')}</p>
        </div>
      );
    case 'over':
      return (
        <div className="primary-message" role="status">
          <p className="primary-title">{t('today.dayOver')}</p>
        </div>
      );
    case 'noDay':
      return (
        <div className="primary-message">
          {primary.error ? (
            <ErrorNotice error={primary.error} onDoctor={actions.openDoctor} />
          ) : (
            <p className="primary-title" role="status">
              {t('today.noDay')}
            </p>
          )}
        </div>
      );
    case 'error':
      return (
        <div className="primary-message">
          <ErrorNotice error={primary.error} onDoctor={actions.openDoctor} />
          <div className="button-row">
            {primary.type && (
              <button
                type="button"
                className="button primary-action"
                onClick={() => primary.type && actions.punch(primary.type, false)}
              >
                {t('common.retry')}
              </button>
            )}
            <button type="button" className="button" onClick={actions.dismiss}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      );
    default:
      return assertNever(primary);
  }
}

const OUTBOX_STATE: Record<OutboxState, MessageKey | null> = {
  pending: 'today.outboxPending',
  sending: 'today.outboxSending',
  unknown: 'today.outboxUnknown',
  held: 'today.outboxHeld',
  sent: null,
  discarded: null,
};

function OutboxPanel({
  entry,
  more,
  format,
  actions,
}: {
  entry: OutboxEntry;
  more: number;
  format: Format;
  actions: PrimaryActions;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const accepted = acceptedByServer(entry);
  const sending = entry.state === 'sending' || busy;
  const titleKey = accepted ? 'today.outboxAccepted' : OUTBOX_STATE[entry.state];
  const run = async (action: (id: string) => Promise<void>) => {
    setBusy(true);
    await action(entry.id);
    setBusy(false);
  };
  return (
    <div className="primary-message primary-outbox">
      <p className="primary-title">
        {t('today.outboxTitle', {
          action: t(`punchAction.${entry.type}`),
          time: format.time(entry.at),
        })}
      </p>
      <p className="primary-text" role="status">
        {sending && <Spinner />}
        {titleKey && t(titleKey)}
        {more > 0 && ` ${t('today.outboxMore', { count: more })}`}
      </p>
      {entry.lastError && !accepted && <ErrorNotice error={entry.lastError} tone="status" brief />}
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
            onClick={() => void run(actions.send)}
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
function SignInAgain({ reason, actions }: { reason: AppErrorPayload; actions: PrimaryActions }) {
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

/** "Next: clock out 18:00" under a done or unavailable state. */
function NextLine({ point, format }: { point: CheckPoint; format: Format }) {
  const { t } = useI18n();
  return (
    <p className="primary-text">
      {t('today.next', { type: t(`checkType.${point.type}`), time: format.time(point.planned) })}
    </p>
  );
}
