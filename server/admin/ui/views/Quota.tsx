/**
 * The month's DingTalk calls: counted calls and pushes against the
 * edition's quota, the forecast to the month's end, per day (an SVG chart:
 * attributes only, nothing inline for the CSP to refuse) and per API, and
 * what budget mode would skip.
 */
import { useCallback } from 'react';
import { api } from '../api';
import type { ViewProps } from '../App';
import type { QuotaReply } from '../contract';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useLoad } from './common';

const W = 1100;
const H = 200;
const PAD = { left: 36, right: 8, top: 8, bottom: 22 };

function DayChart({ quota }: { quota: QuotaReply }) {
  const { t } = useI18n();
  const max = Math.max(1, ...quota.days.map((d) => Math.max(d.counted, d.pushes)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / quota.days.length;
  const bar = Math.max(2, slot * 0.36);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('quota.chartLabel')}>
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
        <text className="tick" x={PAD.left - 6} y={y(max) + 4} textAnchor="end">
          {max}
        </text>
        <text className="tick" x={PAD.left - 6} y={y(0)} textAnchor="end">
          0
        </text>
        {quota.days.map((d, i) => {
          const x = PAD.left + i * slot + slot / 2;
          const day = Number(d.date.slice(8));
          return (
            <g key={d.date}>
              <title>{`${d.date}: ${t('quota.legendCounted')} ${d.counted}, ${t('quota.legendPushes')} ${d.pushes}`}</title>
              <rect
                className="bar-counted"
                x={x - bar}
                y={y(d.counted)}
                width={bar}
                height={y(0) - y(d.counted)}
              />
              <rect
                className="bar-pushes"
                x={x}
                y={y(d.pushes)}
                width={bar}
                height={y(0) - y(d.pushes)}
              />
              {(day === 1 || day % 5 === 0) && (
                <text className="tick" x={x} y={H - 6} textAnchor="middle">
                  {day}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span className="swatch swatch-counted" /> {t('quota.legendCounted')}
        <span className="swatch swatch-pushes" /> {t('quota.legendPushes')}
      </figcaption>
    </figure>
  );
}

export function QuotaView({ format }: ViewProps) {
  const { t } = useI18n();
  const load = useCallback(() => api<QuotaReply>('GET', '/quota'), []);
  const { data: q, error } = useLoad(load);
  if (error) return <ErrorNotice error={error} />;
  if (!q) return <Loading />;
  const share = Math.min(100, Math.round((q.counted / q.cap) * 100));
  const forecastShare = Math.round((q.forecast.counted / q.cap) * 100);
  const apis = Object.entries(q.byApi).sort(
    (a, b) => b[1].counted - a[1].counted || b[1].calls - a[1].calls,
  );
  return (
    <>
      <section className="card" aria-labelledby="quota-title">
        <div className="card-head">
          <h2 id="quota-title">{t('quota.title')}</h2>
          <span className="muted">{t('quota.month', { month: q.month })}</span>
        </div>
        <div className="stats">
          <div className="stat" id="quota-counted">
            <span className="stat-label">{t('quota.counted')}</span>
            <span className="stat-value">
              {format.number(q.counted)} <small>/ {format.number(q.cap)}</small>
            </span>
            <meter
              min={0}
              max={q.cap}
              low={q.budgetAt}
              high={q.budgetAt}
              optimum={0}
              value={q.counted}
            >
              {share}%
            </meter>
          </div>
          <div className="stat">
            <span className="stat-label">{t('quota.forecast')}</span>
            <span className={`stat-value ${q.forecast.counted >= q.budgetAt ? 'text-bad' : ''}`}>
              {format.number(q.forecast.counted)} <small>({forecastShare}%)</small>
            </span>
            <span className="muted small">
              {t('quota.forecastHow', {
                days: q.forecast.elapsedDays,
                total: q.forecast.daysInMonth,
              })}
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">{t('quota.pushes')}</span>
            <span className="stat-value">{format.number(q.pushes)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">{t('quota.cap')}</span>
            <span className="stat-value">{format.number(q.cap)}</span>
          </div>
        </div>
        <div className={`notice ${q.budgetMode ? 'notice-warn' : 'notice-info'}`}>
          <p className="notice-title">
            {q.budgetMode ? t('quota.budgetOn') : t('quota.budgetOff')}
          </p>
          <p>{t('quota.budgetAt', { count: format.number(q.budgetAt) })}</p>
          {q.forecast.budgetDate && (
            <p>{t('quota.budgetForecast', { date: q.forecast.budgetDate })}</p>
          )}
          <p>{t('quota.budgetSkips')}</p>
          <ul>
            {q.budgetSkips.includes('refresh') && <li>{t('quota.skipRefresh')}</li>}
            {q.budgetSkips.includes('verify') && <li>{t('quota.skipVerify')}</li>}
          </ul>
          <p className="muted">{t('quota.neverSkipped')}</p>
        </div>
      </section>
      <section className="card" aria-labelledby="quota-day">
        <h2 id="quota-day">{t('quota.perDay')}</h2>
        <DayChart quota={q} />
      </section>
      <section className="card" aria-labelledby="quota-api">
        <h2 id="quota-api">{t('quota.perApi')}</h2>
        {apis.length === 0 ? (
          <p className="muted">{t('quota.none')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('quota.api')}</th>
                <th className="num">{t('quota.calls')}</th>
                <th className="num">{t('quota.countedShort')}</th>
              </tr>
            </thead>
            <tbody>
              {apis.map(([name, tally]) => (
                <tr key={name}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td className="num">{format.number(tally.calls)}</td>
                  <td className="num">{format.number(tally.counted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
