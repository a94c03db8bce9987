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
import { Checklists } from './Checklist';
import { CopyReport, Summary } from './Summary';

interface Props {
  snapshot: Snapshot | null;
  report: DoctorReport | null;
  onReport(report: DoctorReport): void;
  onBack(): void;
  /** Help: the user guide, in the popup. */
  onHelp?(): void;
}

export function DoctorView({ snapshot, report, onReport, onBack, onHelp }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const format = useFormat(snapshot);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    const r = await call(bridge, 'runDoctor');
    setRunning(false);
    if (r.ok) onReport(r.value);
    else setError(r.error);
  };

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
          <CopyReport snapshot={snapshot} report={report} />
        </div>
        {error && <ErrorNotice error={error} />}
        {report && (
          <>
            <Summary report={report}>
              {/* In server mode the server makes (and meters) the DingTalk calls. */}
              {snapshot?.connection.kind === 'server'
                ? t('doctor.ranAtServer', { time: format.time(report.at) })
                : t('doctor.ranAt', { time: format.time(report.at), calls: report.countedCalls })}
            </Summary>
            <Checklists checks={report.checks} label={t('doctor.title')} />
          </>
        )}
        {onHelp && (
          <button type="button" className="link" onClick={onHelp}>
            {t('doctor.help')}
          </button>
        )}
      </div>
    </div>
  );
}
