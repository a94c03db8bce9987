/**
 * The doctor's summary line ("一切正常" / "2 个问题需要 IT 处理") and the
 * "copy report for IT" button: the doctor and the onboarding check share both.
 */
import { useState, type ReactNode } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { DoctorReport } from '../../../../shared/model';
import { doctorSummary } from '../../../../shared/i18n/doctor';
import { useI18n } from '../../i18n';
import { reportText } from './report';

export function Summary({ report, children }: { report: DoctorReport; children?: ReactNode }) {
  const { t } = useI18n();
  const summary = doctorSummary(t, report.checks);
  return (
    <p className={`summary summary-${summary.tone === 'ok' ? 'ok' : 'bad'}`} role="status">
      {summary.text}
      {children && <span className="summary-meta">{children}</span>}
    </p>
  );
}

/** Copies the plain-text report; says whether the clipboard took it. */
export function CopyReport({
  snapshot,
  report,
  disabled = false,
}: {
  snapshot: Snapshot | null;
  report: DoctorReport | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [copy, setCopy] = useState<{ state: 'idle' | 'copied' | 'failed'; of: unknown }>({
    state: 'idle',
    of: null,
  });
  // "Copied" belongs to the report that was copied: a new run clears it.
  const state = copy.of === report ? copy.state : 'idle';
  const copyReport = async () => {
    try {
      await navigator.clipboard.writeText(reportText(t, snapshot, report));
      setCopy({ state: 'copied', of: report });
    } catch {
      setCopy({ state: 'failed', of: report });
    }
  };
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => void copyReport()}
      >
        {t('doctor.copy')}
      </button>
      <span className={`copy-state copy-${state}`} role="status">
        {state === 'copied' && t('doctor.copied')}
        {state === 'failed' && t('doctor.copyFailed')}
      </span>
    </>
  );
}
