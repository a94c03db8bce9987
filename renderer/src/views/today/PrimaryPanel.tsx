/**
 * The big area at the top of Today: the one next action and its states.
 * It keeps a minimum height, so nothing below moves when data arrives.
 */
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { assertNever, type AppErrorPayload } from '../../../../shared/errors';
import type { CheckPoint, CheckType } from '../../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CheckIcon, MoonIcon, Spinner } from '../../components/icons';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';
import type { Primary } from './primary';
import { ResultBadge } from './ResultBadge';

// A punch waiting to be sent and a session the server ended are rare at start: their
// panels load when first shown (the popup's start budget, docs/ui.md).
const OutboxPanel = lazy(() => import('./Waiting').then((m) => ({ default: m.OutboxPanel })));
const SignInAgain = lazy(() => import('./Waiting').then((m) => ({ default: m.SignInAgain })));

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

/** `children`: Today's ticking "now" line (Now.tsx), on top of the card. */
export function PrimaryPanel({
  primary,
  format,
  actions,
  children,
}: Props & { children?: ReactNode }) {
  // After a punch (a send, a confirmation) the button that was pressed is gone: focus follows
  // the new state instead of falling back to the page. Only when focus was here or nowhere.
  const section = useRef<HTMLElement>(null);
  const kind = useRef(primary.kind);
  useEffect(() => {
    const active = document.activeElement;
    if (
      kind.current !== primary.kind &&
      (active === document.body || section.current?.contains(active))
    ) {
      section.current?.focus({ preventScroll: true });
    }
    kind.current = primary.kind;
  }, [primary.kind]);
  return (
    <section
      ref={section}
      tabIndex={-1}
      className={`primary primary-${primary.kind}`}
      aria-busy={primary.kind === 'loading'}
    >
      {children}
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
        <Suspense>
          <OutboxPanel
            key={primary.entry.id}
            entry={primary.entry}
            more={primary.more}
            notSent={primary.notSent}
            format={format}
            actions={actions}
          />
        </Suspense>
      );
    case 'signedOut':
      return (
        <Suspense>
          <SignInAgain reason={primary.reason} actions={actions} />
        </Suspense>
      );
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
          {primary.offer && <PunchButton type={primary.offer} actions={actions} />}
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

/** Offline before the day loaded: the click is saved and sent later (the error says so). */
function PunchButton({ type, actions }: { type: CheckType; actions: PrimaryActions }) {
  const { t } = useI18n();
  return (
    <button type="button" className="punch-button" onClick={() => actions.punch(type, false)}>
      {t(`punchAction.${type}`)}
    </button>
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
