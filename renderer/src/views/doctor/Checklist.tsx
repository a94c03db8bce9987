/** The engine's checklist: each check's status, subject, facts and the fix for what failed. */
import type { DoctorCheck } from '../../../../shared/model';
import { errorText } from '../../components/ErrorNotice';
import { AlertIcon, CheckIcon, CrossIcon, DashIcon } from '../../components/icons';
import { useI18n } from '../../i18n';

const STATUS_ICON = {
  pass: <CheckIcon />,
  fail: <CrossIcon />,
  warn: <AlertIcon />,
  skipped: <DashIcon />,
} as const;

export function Checklist({ checks, label }: { checks: readonly DoctorCheck[]; label: string }) {
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((check, i) => (
        <CheckRow key={`${check.id}-${check.subject ?? i}`} check={check} />
      ))}
    </ul>
  );
}

function CheckRow({ check }: { check: DoctorCheck }) {
  const { t } = useI18n();
  const error = check.error ? errorText(t, check.error) : null;
  const needsFix = check.status === 'fail' || check.status === 'warn';
  const facts = Object.entries(check.facts);
  return (
    <li className={`check check-${check.status}`}>
      <span className="check-icon">{STATUS_ICON[check.status]}</span>
      <div className="check-body">
        <p className="check-title">
          <span>{t(`doctor.check.${check.id}`)}</span>
          {check.subject && <code className="check-subject">{check.subject}</code>}
          <span className="check-status">{t(`doctor.status.${check.status}`)}</span>
        </p>
        {error && <p className="check-message">{error.message}</p>}
        {needsFix && (
          <p className="check-fix">{error ? error.fix : t(`doctor.checkFix.${check.id}`)}</p>
        )}
        {facts.length > 0 && (
          <dl className="facts">
            {facts.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}

/** How many checks need the employee's or IT's attention. */
export function problemCount(checks: readonly DoctorCheck[]): number {
  return checks.filter((c) => c.status === 'fail' || c.status === 'warn').length;
}
