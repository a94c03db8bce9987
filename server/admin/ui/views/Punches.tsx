/**
 * The punch audit log: filters (employee, dates in the org's zone, outcome),
 * each punch with its click, received and punch times, outcome (and why a
 * refusal), DingTalk's request id, and the same selection as CSV.
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { api, query } from '../api';
import type { ViewProps } from '../App';
import { ADMIN_API, OUTCOMES, type Outcome } from '../constants';
import type { PunchesReply } from '../contract';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useLoad } from './common';

interface Filter {
  user: string;
  from: string;
  to: string;
  outcome: '' | Outcome;
}

const EMPTY: Filter = { user: '', from: '', to: '', outcome: '' };

export function PunchesView({ format }: ViewProps) {
  const { t, describe, language } = useI18n();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [applied, setApplied] = useState<Filter>(EMPTY);
  const load = useCallback(
    () => api<PunchesReply>('GET', `/punches${query({ ...applied })}`),
    [applied],
  );
  const { data, error } = useLoad(load);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  const csvHref = `${ADMIN_API}/punches.csv${query({ ...applied, lang: language })}`;
  const set = (patch: Partial<Filter>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <section className="card" aria-labelledby="punches-title">
      <div className="card-head">
        <h2 id="punches-title">{t('punches.title')}</h2>
        <a className="button" href={csvHref} download id="export-csv">
          {t('punches.export')}
        </a>
      </div>
      <form className="filters" onSubmit={submit}>
        <label>
          {t('punches.employee')}
          <select name="user" value={draft.user} onChange={(e) => set({ user: e.target.value })}>
            <option value="">{t('punches.anyone')}</option>
            {data?.employees.map((e) => (
              <option key={e.userId} value={e.userId}>
                {e.name ? `${e.name} (${e.userId})` : e.userId}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('punches.from')}
          <input
            type="date"
            name="from"
            value={draft.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label>
          {t('punches.to')}
          <input
            type="date"
            name="to"
            value={draft.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label>
          {t('punches.outcome')}
          <select
            name="outcome"
            value={draft.outcome}
            onChange={(e) => set({ outcome: e.target.value as Filter['outcome'] })}
          >
            <option value="">{t('punches.anyOutcome')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`punches.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary">
          {t('punches.apply')}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <p className="muted" role="status">
            {t('punches.count', { count: data.total })}
            {data.total > data.punches.length &&
              ` · ${t('punches.more', { count: data.punches.length })}`}
          </p>
          {data.punches.length === 0 ? (
            <p className="muted">{t('punches.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" id="punches">
                <thead>
                  <tr>
                    <th>{t('punches.employee')}</th>
                    <th>{t('punches.clicked')}</th>
                    <th>{t('punches.received')}</th>
                    <th>{t('punches.checkTime')}</th>
                    <th>{t('punches.outcome')}</th>
                    <th>{t('punches.requestId')}</th>
                    <th>{t('punches.device')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.punches.map((p) => (
                    <tr key={p.id}>
                      <td>
                        {p.userName ?? p.userId} <span className="muted small">{p.userId}</span>
                      </td>
                      <td className="time">{format.dateTime(p.clickedAt)}</td>
                      <td className="time">{format.dateTime(p.receivedAt)}</td>
                      {/* A refused punch was never sent: it has no punch time. */}
                      <td className="time">
                        {p.outcomes.includes('refused') ? '—' : format.dateTime(p.checkTime)}
                      </td>
                      <td>
                        {p.outcomes.map((o) => (
                          <span key={o} className={`pill pill-${o}`}>
                            {t(`punches.outcomes.${o}`)}
                          </span>
                        ))}
                        {p.reason && (
                          <span className="reason">
                            {describe(p.reason as AppErrorPayload).message}
                          </span>
                        )}
                      </td>
                      <td>
                        <code className="small">{p.requestId ?? '—'}</code>
                      </td>
                      <td className="small">{p.deviceName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
