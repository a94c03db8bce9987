/** The doctor: run the engine's checks, read the fixes, copy a report for IT. */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { DoctorReport } from '../../../../shared/model';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { useFormat } from '../../components/useFormat';
import { ViewHeader } from '../../components/ViewHeader';
import { useI18n } from '../../i18n';
import { Checklists, problemCount } from './Checklist';
import { reportText } from './report';

interface Props {
  snapshot: Snapshot | null;
  report: DoctorReport | null;
  onReport(report: DoctorReport): void;
  onBack(): void;
}

export function DoctorView({ snapshot, report, onReport, onBack }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const format = useFormat(snapshot);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  const run = async () => {
    setRunning(true);
    setError(null);
    setCopy('idle');
    const r = await call(bridge, 'runDoctor');
    setRunning(false);
    if (r.ok) onReport(r.value);
    else setError(r.error);
  };

  const copyReport = async () => {
    try {
      await navigator.clipboard.writeText(reportText(t, snapshot, report));
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  const problems = report ? problemCount(report.checks) : 0;
  return (
    <div className="view">
      <ViewHeader title={t('doctor.title')} onBack={onBack} />
      <div className="view-body">
        <p className="intro">
          {t(snapshot?.connection.kind === 'server' ? 'doctor.introServer' : 'doctor.intro')}
        </p>
        <div className="button-row">
          <button
            type="button"
            className="button primary-action"
            disabled={running}
            aria-busy={running}
            onClick={() => void run()}
          >
            {running && <Spinner />}
            {running ? t('doctor.running') : report ? t('doctor.rerun') : t('doctor.run')}
          </button>
          <button type="button" className="button" onClick={() => void copyReport()}>
            {t('doctor.copy')}
          </button>
          <span className={`copy-state copy-${copy}`} role="status">
            {copy === 'copied' && t('doctor.copied')}
            {copy === 'failed' && t('doctor.copyFailed')}
          </span>
        </div>
        {error && <ErrorNotice error={error} />}
        {report && (
          <>
            <p className={`summary ${problems > 0 ? 'summary-bad' : 'summary-ok'}`} role="status">
              {problems > 0 ? t('doctor.problems', { count: problems }) : t('doctor.allPassed')}
              <span className="summary-meta">
                {/* In server mode the server makes (and meters) the DingTalk calls. */}
                {snapshot?.connection.kind === 'server'
                  ? t('doctor.ranAtServer', { time: format.time(report.at) })
                  : t('doctor.ranAt', { time: format.time(report.at), calls: report.countedCalls })}
              </span>
            </p>
            <Checklists checks={report.checks} label={t('doctor.title')} />
          </>
        )}
        <button type="button" className="link" onClick={() => void call(bridge, 'openDocs')}>
          {t('doctor.help')}
        </button>
      </div>
    </div>
  );
}
