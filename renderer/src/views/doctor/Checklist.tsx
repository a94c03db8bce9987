/**
 * The engine's checklist: each check's status, subject, facts and the fix for
 * what failed. In company server mode the server's own DingTalk checks come
 * after this computer's, under a heading of their own: IT fixes those.
 */
import type { DoctorCheck } from '../../../../shared/model';
import type { MessageKey } from '../../../../shared/i18n/types';
import { errorText } from '../../components/ErrorNotice';
import { AlertIcon, CheckIcon, CrossIcon, DashIcon } from '../../components/icons';
import { useI18n, type T } from '../../i18n';

const STATUS_ICON = {
  pass: <CheckIcon />,
  fail: <CrossIcon />,
  warn: <AlertIcon />,
  skipped: <DashIcon />,
} as const;

/** Facts with a name in the employee's language; others show their key (they are for IT). */
const FACT_LABEL: Readonly<Record<string, MessageKey>> = {
  version: 'doctor.fact.version',
  apiVersion: 'doctor.fact.apiVersion',
  mode: 'doctor.fact.mode',
  userId: 'doctor.fact.userId',
  device: 'doctor.fact.device',
  upload: 'doctor.fact.upload',
  lastUpload: 'doctor.fact.lastUpload',
};

function factValue(t: T, check: DoctorCheck, key: string, value: string | number): string {
  if (check.id === 'server' && key === 'mode' && (value === 'live' || value === 'demo')) {
    return t(`doctor.serverMode.${value}`);
  }
  if (key === 'upload' && value === 'firstPunch') return t('doctor.uploadFirstPunch');
  return String(value);
}

export function Checklist({ checks, label }: { checks: readonly DoctorCheck[]; label: string }) {
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((check, i) => (
        <CheckRow key={`${check.id}-${check.subject ?? i}`} check={check} />
      ))}
    </ul>
  );
}

/** This computer's checks, then the company server's own (when it sent any). */
export function Checklists({ checks, label }: { checks: readonly DoctorCheck[]; label: string }) {
  const { t } = useI18n();
  const own = checks.filter((c) => c.origin !== 'server');
  const server = checks.filter((c) => c.origin === 'server');
  return (
    <>
      <Checklist checks={own} label={label} />
      {server.length > 0 && (
        <>
          <h2 className="checks-heading">{t('doctor.serverChecks')}</h2>
          <Checklist checks={server} label={t('doctor.serverChecks')} />
        </>
      )}
    </>
  );
}

function CheckRow({ check }: { check: DoctorCheck }) {
  const { t } = useI18n();
  const error = check.error ? errorText(t, check.error) : null;
  const needsFix = check.status === 'fail' || check.status === 'warn';
  const facts = Object.entries(check.facts);
  let fix: string | null = null;
  if (needsFix) {
    // The server's checks are about the server's DingTalk app: IT's to fix, not the employee's.
    if (check.origin === 'server') fix = t('doctor.serverOriginFix');
    else fix = error ? error.fix : t(`doctor.checkFix.${check.id}`);
  }
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
        {fix && <p className="check-fix">{fix}</p>}
        {facts.length > 0 && (
          <dl className="facts">
            {facts.map(([key, value]) => {
              const labelKey = FACT_LABEL[key];
              return (
                <div key={key}>
                  <dt>{labelKey ? t(labelKey) : key}</dt>
                  <dd>{factValue(t, check, key, value)}</dd>
                </div>
              );
            })}
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
