/** The server's doctor: each check with its facts and, when it is not a pass, the fix. */
import { useCallback } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { DoctorCheckId } from '../../../../shared/model';
import { api } from '../api';
import type { ViewProps } from '../App';
import type { HealthReply } from '../contract';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useLoad } from './common';

type Check = HealthReply['checks'][number];
const FACTS = [
  'ip',
  'probedAs',
  'lastUpload',
  'skewMs',
  'counted',
  'cap',
  'total',
  'month',
] as const;

export function HealthView({ format }: ViewProps) {
  const { t, describe } = useI18n();
  const load = useCallback(() => api<HealthReply>('GET', '/health'), []);
  const { data, error, busy, reload } = useLoad(load);
  const problems =
    data?.checks.filter((c) => c.status === 'fail' || c.status === 'warn').length ?? 0;

  const factText = (key: string, value: string | number) =>
    key === 'lastUpload' && typeof value === 'number' ? format.dateTime(value) : String(value);

  const row = (check: Check, index: number) => {
    const fix =
      check.status === 'fail' || check.status === 'warn'
        ? check.error
          ? describe(check.error as AppErrorPayload)
          : { message: null, fix: t(`health.checkFix.${check.id as DoctorCheckId}`) }
        : null;
    const facts = FACTS.filter((k) => check.facts[k] !== undefined);
    return (
      <li key={index} className={`check check-${check.status}`}>
        <span className={`badge badge-${check.status}`}>{t(`health.status.${check.status}`)}</span>
        <div className="check-body">
          <p className="check-title">
            {t(`health.check.${check.id as DoctorCheckId}`)}
            {check.subject && <code className="subject">{check.subject}</code>}
          </p>
          {facts.length > 0 && (
            <p className="facts">
              {facts.map((k) => (
                <span key={k}>
                  {t(`health.fact.${k}`)}:{' '}
                  <strong>{factText(k, check.facts[k] as string | number)}</strong>
                </span>
              ))}
            </p>
          )}
          {fix?.message && <p className="check-problem">{fix.message}</p>}
          {fix && (
            <p className="fix">
              {t('health.fixLabel')}
              {fix.fix}
            </p>
          )}
        </div>
      </li>
    );
  };

  const stream = data?.stream;
  const streamState = !stream
    ? t('health.stream.off')
    : stream.state === 'backoff' && stream.nextAttemptAt
      ? t('health.stream.backoff', { time: format.time(stream.nextAttemptAt) })
      : t(`health.stream.${stream.state}`);
  const streamStatus = !stream
    ? 'skipped'
    : stream.state === 'connected'
      ? 'pass'
      : stream.state === 'connecting'
        ? 'warn'
        : 'fail';

  return (
    <section className="card" aria-labelledby="health-title">
      <div className="card-head">
        <h2 id="health-title">{t('health.title')}</h2>
        <button type="button" className="button" disabled={busy} onClick={() => void reload()}>
          {t('health.rerun')}
        </button>
      </div>
      <p className="intro">{t('health.intro')}</p>
      {error && <ErrorNotice error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <p className={`summary ${problems > 0 ? 'summary-bad' : 'summary-ok'}`} role="status">
            {problems > 0 ? t('health.problems', { count: problems }) : t('health.allPassed')}
            <span className="muted">
              {' '}
              · {t('health.ranAt', { time: format.dateTime(data.at) })}
            </span>
          </p>
          <ul className="checks">
            {data.checks.map(row)}
            <li className={`check check-${streamStatus}`}>
              <span className={`badge badge-${streamStatus}`}>
                {t(`health.status.${streamStatus}`)}
              </span>
              <div className="check-body">
                <p className="check-title">{t('health.stream.title')}</p>
                <p className="facts">
                  <span>{streamState}</span>
                  {stream && stream.reconnects > 0 && (
                    <span>{t('health.stream.reconnects', { count: stream.reconnects })}</span>
                  )}
                  {stream?.lastEventAt && (
                    <span>
                      {t('health.stream.lastEvent', { time: format.dateTime(stream.lastEventAt) })}
                    </span>
                  )}
                </p>
                {stream?.lastError && streamStatus !== 'pass' && (
                  <p className="check-problem">
                    {describe(stream.lastError as AppErrorPayload).message}
                  </p>
                )}
                {stream && streamStatus !== 'pass' && (
                  <p className="fix">
                    {t('health.fixLabel')}
                    {t('health.stream.fix')}
                  </p>
                )}
              </div>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
