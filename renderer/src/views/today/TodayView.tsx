/**
 * Home: the next punch, today's timeline and a footer, in a fixed layout
 * that fits the 360×480 popup without scrolling.
 */
import { useEffect, useState } from 'react';
import type { Result, Snapshot, View } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { CheckType } from '../../../../shared/model';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HeaderMenu } from '../../components/HeaderMenu';
import { RefreshIcon } from '../../components/icons';
import { useFocusOnMount } from '../../components/ViewHeader';
import { useFormat } from '../../components/useFormat';
import { useI18n } from '../../i18n';
import { Footer } from './Footer';
import { PrimaryPanel, type PrimaryActions } from './PrimaryPanel';
import { NowLine } from './Now';
import { localFromOutcome, primaryState, type LocalPunch } from './primary';
import { ReminderBar } from './ReminderBar';
import { Timeline } from './Timeline';

interface Props {
  snapshot: Snapshot | null;
  /** getSnapshot failed: shown in place of the day. */
  loadError: AppErrorPayload | null;
  onSnapshot(snapshot: Snapshot): void;
  onNavigate(view: View): void;
}

const IDLE: LocalPunch = { kind: 'idle' };

/** Expected refusals of a manual refresh: said calmly, not as an alarm. */
const CALM_REFRESH_ERRORS = new Set(['refreshTooSoon', 'budgetExceeded', 'rateLimited']);

export function TodayView({ snapshot, loadError, onSnapshot, onNavigate }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const format = useFormat(snapshot);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [local, setLocal] = useState<LocalPunch>(IDLE);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<AppErrorPayload | null>(null);
  // The clock the button and the "now" line are judged by (a window opens, early becomes on
  // time, the countdown moves): one timer to the next minute boundary. The popup is rendered
  // hidden long before it shows, and hidden timers sleep: when it shows, read the clock again.
  // A confirmation, error or "done" belongs to one opening of the popup: reset when it hides,
  // and when demo mode's clock jumps ("play the day": followDemoClock says so by this event).
  // `now` is DingTalk's clock (this computer's plus the offset main measured, as the punch
  // itself is corrected): 17:55 here with DingTalk 7 minutes ahead is 18:02, no early clock-out.
  const [read, setRead] = useState(Date.now);
  const now = read + (snapshot?.clockOffsetMs ?? 0);
  useEffect(() => {
    // Hidden: no tick (nobody sees it); showing again reads the clock and restarts it.
    const timer = setTimeout(
      () => document.visibilityState !== 'hidden' && setRead(Date.now()),
      60_000 - (now % 60_000),
    );
    const onVisibility = () => {
      setLocal((l) => (l.kind === 'punching' ? l : IDLE));
      if (document.visibilityState === 'hidden') {
        setRefreshError(null);
      } else {
        setRead(Date.now());
        // Each opening starts at the top: Enter punches only once the button has been focused.
        heading.current?.focus({ preventScroll: true });
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [now]);

  const applyReply = (r: Result<Snapshot>) => {
    if (r.ok) onSnapshot(r.value);
  };

  const userId = snapshot?.identity?.userId ?? '';
  const actions: PrimaryActions = {
    punch: (type: CheckType, confirm: boolean) => {
      setLocal({ kind: 'punching', type });
      void call(bridge, 'punch', { confirm }).then((r) =>
        setLocal(
          r.ok ? localFromOutcome(r.value, userId) : { kind: 'failed', type, error: r.error },
        ),
      );
    },
    dismiss: () => setLocal(IDLE),
    send: async (id) => {
      const r = await call(bridge, 'outboxSend', { id });
      if (!r.ok) return setLocal({ kind: 'failed', type: null, error: r.error });
      const next = localFromOutcome(r.value, userId);
      // Only punch() may ask for confirmation; a send keeps the entry's own time.
      setLocal(next.kind === 'confirm' ? IDLE : next);
    },
    discard: async (id) => {
      const r = await call(bridge, 'outboxDiscard', { id });
      if (!r.ok) return setLocal({ kind: 'failed', type: null, error: r.error });
      setLocal(IDLE);
      onSnapshot(r.value);
    },
    openDoctor: () => onNavigate('doctor'),
    signIn: async () => {
      const r = await call(bridge, 'loginWithBrowser');
      if (!r.ok) return r.error;
      // The identity reply carries no snapshot: fetch the one that now includes it.
      const s = await call(bridge, 'getSnapshot');
      if (s.ok) onSnapshot(s.value);
      return null;
    },
    cancelSignIn: () => {
      void call(bridge, 'cancelLogin').then(applyReply);
    },
  };

  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(null);
    const r = await call(bridge, 'refresh');
    setRefreshing(false);
    if (r.ok) onSnapshot(r.value);
    else setRefreshError(r.error);
  };

  const day = snapshot?.today ?? null;
  const primary =
    loadError && !snapshot
      ? ({ kind: 'noDay', error: loadError } as const)
      : primaryState(snapshot, local, now);
  const busy = refreshing || (snapshot?.refreshing ?? false);
  const fallback =
    day?.source.kind === 'fallback' &&
    t(
      day.source.reason === 'noSchedule'
        ? 'today.fallbackNoSchedule'
        : 'today.fallbackNotPermitted',
    );
  const background = snapshot?.lastError ?? null;
  // A refresh refused for the reason the panel already shows (offline before the day
  // loaded, a failed punch) is not said twice.
  const inPanel = primary.kind === 'noDay' || primary.kind === 'error' ? primary.error : null;
  const refused = refreshError?.code === inPanel?.code ? null : refreshError;

  return (
    <div className="view today">
      <header className="today-header">
        <h1 ref={heading} tabIndex={-1}>
          {day ? format.date(day.date) : t('today.heading')}
        </h1>
        {day?.className && <span className="today-class">{day.className}</span>}
        {fallback && (
          <span className="badge badge-muted" title={fallback}>
            {t('today.fallbackBadge')}
            <span className="sr-only">: {fallback}</span>
          </span>
        )}
        <HeaderMenu onNavigate={onNavigate} />
      </header>

      <PrimaryPanel primary={primary} format={format} actions={actions}>
        <NowLine work={snapshot?.work ?? null} now={now} format={format} />
      </PrimaryPanel>

      {snapshot && (
        <ReminderBar
          snapshot={snapshot}
          format={format}
          onSnooze={() => void call(bridge, 'snooze').then(applyReply)}
          onNotToday={(on) => void call(bridge, 'notToday', { on }).then(applyReply)}
        />
      )}

      <section className="day">
        <div className="section-head">
          <h2>{t('today.timeline')}</h2>
          <span className="refresh-state">
            {busy
              ? t('today.refreshing')
              : day && !refused && t('today.updatedAt', { time: format.time(day.fetchedAt) })}
          </span>
          <button
            type="button"
            className={`icon-button${busy ? ' spinning' : ''}`}
            title={t('today.refresh')}
            disabled={busy || !snapshot}
            onClick={() => void refresh()}
          >
            <RefreshIcon />
          </button>
        </div>
        {refused && (
          <ErrorNotice
            error={refused}
            tone={CALM_REFRESH_ERRORS.has(refused.code) ? 'status' : 'alert'}
            brief
          />
        )}
        {!refreshError && background && primary.kind !== 'noDay' && (
          <ErrorNotice error={background} onDoctor={actions.openDoctor} brief />
        )}
        <Timeline
          day={day}
          format={format}
          failed={primary.kind === 'noDay' || primary.kind === 'signedOut'}
        />
      </section>

      <Footer snapshot={snapshot} />
    </div>
  );
}
