/**
 * 考勤记录: a month (or a week) of my attendance, coloured like DingTalk's 统计
 * calendar, with the month's totals, each day's check points and results, the
 * way to a 补卡 on a 缺卡 or 早退 day, and the month as CSV. A chunk of its own
 * (lazy, strings in *.views.ts): nothing of it is on the popup's start path.
 * Evaluated days come from main's cache, so opening it again costs no call.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HistoryExport, Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { dateKey } from '../../../../shared/time';
import {
  type HistoryDay,
  type HistoryMonth,
  monthProblem,
  monthRange,
  nextMonth,
  previousMonth,
  shiftDate as addDays,
} from '../../../../shared/history';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon, Spinner } from '../../components/icons';
import { useFormat } from '../../components/useFormat';
import { ViewHeader } from '../../components/ViewHeader';
import { orgTimeZone } from '../../format';
import { useI18n } from '../../i18n';
import { Calendar } from './Calendar';
import { weekOf } from './month-grid';
import { DayDetail } from './DayDetail';
import { ChevronLeft, ChevronRight } from './icons';
import { Totals } from './Totals';
import './history.css';

interface Props {
  snapshot: Snapshot;
  onBack(): void;
}

type Mode = 'month' | 'week';

/** Offers the text as a file download (where main has no save dialog: the browser harness). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function HistoryView({ snapshot, onBack }: Props) {
  const { t, locale, language } = useI18n();
  const bridge = useBridge();
  const format = useFormat(snapshot);
  const today = snapshot.today?.date ?? dateKey(Date.now(), orgTimeZone(snapshot));
  const [month, setMonth] = useState(today.slice(0, 7));
  const [mode, setMode] = useState<Mode>('month');
  const [selected, setSelected] = useState<string>(today);
  const [data, setData] = useState<HistoryMonth | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const load = useCallback(
    async (target: string, refresh: boolean) => {
      setLoading(true);
      setError(null);
      const r = await call(bridge, 'history', { month: target, refresh });
      setLoading(false);
      if (r.ok) setData(r.value);
      else setError(r.error);
    },
    [bridge],
  );

  useEffect(() => {
    void load(month, false);
  }, [load, month]);

  const days = useMemo(
    () => new Map((data?.month === month ? data.days : []).map((d) => [d.date, d])),
    [data, month],
  );
  const hours = (minutes: number) =>
    t('history.hoursValue', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const { first, last } = monthRange(month);
  const title = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${first}T00:00:00Z`));

  /** Moves to a date, loading its month when it is another one. */
  const goTo = (date: string) => {
    setSelected(date);
    if (date.slice(0, 7) !== month) setMonth(date.slice(0, 7));
  };
  const canShow = (target: string) => monthProblem(target, today) === null;
  const step = (direction: -1 | 1) => {
    if (mode === 'month') {
      const target = direction < 0 ? previousMonth(month) : nextMonth(month);
      setMonth(target);
      setSelected(target === today.slice(0, 7) ? today : monthRange(target).last);
    } else {
      const date = addDays(selected, 7 * direction);
      goTo(date > today ? today : date);
    }
  };
  const canStep = (direction: -1 | 1) =>
    mode === 'month'
      ? canShow(direction < 0 ? previousMonth(month) : nextMonth(month))
      : direction < 0
        ? canShow(addDays(selected, -7).slice(0, 7))
        : (weekOf(selected)[6] ?? today) < today;

  const exportCsv = async () => {
    setExported(null);
    const r = await call(bridge, 'exportHistory', { month, language });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const result: HistoryExport = r.value;
    if (result.kind === 'saved') setExported(t('history.exported', { path: result.path }));
    if (result.kind === 'download') {
      download(result.name, result.text);
      setExported(t('history.downloaded', { name: result.name }));
    }
  };

  const selectedDay: HistoryDay | undefined = days.get(selected);
  const week = weekOf(selected)
    .map((d) => days.get(d))
    .filter((d): d is HistoryDay => d !== undefined);

  return (
    <div className="view history">
      <ViewHeader title={t('history.title')} onBack={onBack}>
        <button
          type="button"
          className="icon-button"
          aria-label={t('today.refresh')}
          disabled={loading}
          onClick={() => void load(month, true)}
        >
          {loading ? <Spinner /> : <RefreshIcon />}
        </button>
      </ViewHeader>
      <div className="view-body">
        <div className="hnav">
          <button
            type="button"
            className="icon-button"
            aria-label={t(mode === 'month' ? 'history.prevMonth' : 'history.prevWeek')}
            disabled={!canStep(-1)}
            onClick={() => step(-1)}
          >
            <ChevronLeft />
          </button>
          <p className="hnav-title" aria-live="polite">
            {title}
          </p>
          <button
            type="button"
            className="icon-button"
            aria-label={t(mode === 'month' ? 'history.nextMonth' : 'history.nextWeek')}
            disabled={!canStep(1)}
            onClick={() => step(1)}
          >
            <ChevronRight />
          </button>
          <span className="spacer" />
          <div className="hmode" role="group" aria-label={t('history.viewMode')}>
            {(['month', 'week'] as const).map((m) => (
              <button
                key={m}
                type="button"
                className="hmode-button"
                aria-pressed={mode === m}
                onClick={() => setMode(m)}
              >
                {t(m === 'month' ? 'history.monthView' : 'history.weekView')}
              </button>
            ))}
          </div>
        </div>

        {error && (
          <ErrorNotice error={error} tone={error.code === 'refreshTooSoon' ? 'status' : 'alert'} />
        )}
        {loading && !data && (
          <p className="muted" role="status">
            {t('history.loading')}
          </p>
        )}

        {data && data.month === month && (
          <>
            <Totals totals={data.totals} hours={hours} />
            {mode === 'month' ? (
              <>
                <Calendar
                  first={first}
                  last={last}
                  days={days}
                  selected={selected}
                  title={title}
                  format={format}
                  onSelect={setSelected}
                />
                {selectedDay && <DayDetail day={selectedDay} format={format} hours={hours} />}
              </>
            ) : (
              <section className="hweek" aria-label={t('history.weekView')}>
                {week.map((day) => (
                  <DayDetail key={day.date} day={day} format={format} hours={hours} level={3} />
                ))}
              </section>
            )}
            <div className="button-row">
              <button type="button" className="button" onClick={() => void exportCsv()}>
                {t('history.export')}
              </button>
            </div>
            {exported && (
              <p className="muted" role="status">
                {exported}
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
