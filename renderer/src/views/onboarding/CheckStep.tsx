/** Step 3: run the doctor once before finishing, so problems show up now, not at 9:00. */
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { DoctorReport } from '../../../../shared/model';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';
import { Checklists } from '../doctor/Checklist';
import { CopyReport, Summary } from '../doctor/Summary';

interface Props {
  snapshot: Snapshot;
  report: DoctorReport | null;
  onReport(report: DoctorReport): void;
  onDone(): void;
}

export function CheckStep({ snapshot, report, onReport, onDone }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  // Each run spends counted DingTalk calls: run once per visit, even under StrictMode.
  const started = useRef(false);

  const run = async () => {
    setRunning(true);
    setError(null);
    const r = await call(bridge, 'runDoctor');
    setRunning(false);
    if (r.ok) onReport(r.value);
    else setError(r.error);
  };
  const runLatest = useRef(run);
  runLatest.current = run;

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void runLatest.current();
  }, []);

  const failed = report?.checks.some((c) => c.status === 'fail') ?? false;
  const name = snapshot.identity?.name;
  return (
    <div className="check-step">
      {name && <p className="greeting">{t('onboarding.signedInAs', { name })}</p>}
      <p className="intro">
        {t(
          snapshot.connection.kind === 'server'
            ? 'onboarding.checkIntroServer'
            : 'onboarding.checkIntro',
        )}
      </p>
      {running && (
        <p className="waiting-inline" role="status">
          <Spinner />
          {t('onboarding.checking')}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {report && !running && (
        <>
          <Summary report={report} />
          <Checklists checks={report.checks} label={t('onboarding.checkTitle')} />
        </>
      )}
      <div className="button-row">
        {failed || error ? (
          <>
            <button
              type="button"
              className="button primary-action"
              disabled={running}
              onClick={() => void run()}
            >
              {t('doctor.rerun')}
            </button>
            <button type="button" className="button" disabled={running} onClick={onDone}>
              {t('onboarding.finishAnyway')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button primary-action"
            disabled={running || !report}
            onClick={onDone}
          >
            {t('onboarding.finish')}
          </button>
        )}
        {/* The same report as the doctor's: IT can fix the setup before the first workday. */}
        {(report || error) && <CopyReport snapshot={snapshot} report={report} disabled={running} />}
      </div>
    </div>
  );
}
