/**
 * The engine's checklist: each check's status, subject, facts and the fix for
 * what failed. In company server mode the server's own DingTalk checks come
 * after this computer's, under a heading of their own: IT fixes those.
 */
import type { DoctorCheck } from '../../../../shared/model';
import type { MessageKey } from '../../../../shared/i18n/types';
import {
  awaitsFirstPunch,
  checkCode,
  checkFix,
  checkName,
  checkSentence,
} from '../../../../shared/i18n/doctor';
import { AlertIcon, CheckIcon, CrossIcon, DashIcon } from '../../components/icons';
import { useI18n, type T } from '../../i18n';

const STATUS_ICON = {
  pass: <CheckIcon />,
  fail: <CrossIcon />,
  warn: <AlertIcon />,
  skipped: <DashIcon />,
} as const;

/**
 * Facts the sentence does not already say, by their name in the employee's language
 * (the server's version, the device); the rest (the skew in ms, the month's counts) are
 * for IT and go in the report.
 */
const FACT_LABEL: Readonly<Record<string, MessageKey>> = {
  version: 'doctor.fact.version',
  apiVersion: 'doctor.fact.apiVersion',
  mode: 'doctor.fact.mode',
  userId: 'doctor.fact.userId',
  device: 'doctor.fact.device',
  lastUpload: 'doctor.fact.lastUpload',
};

function shownFacts(check: DoctorCheck): [string, string | number][] {
  return Object.entries(check.facts).filter(
    ([key]) => FACT_LABEL[key] !== undefined && !(check.id === 'identity' && key === 'userId'),
  );
}

function factValue(t: T, check: DoctorCheck, key: string, value: string | number): string {
  if (check.id === 'server' && key === 'mode' && (value === 'live' || value === 'demo')) {
    return t(`doctor.serverMode.${value}`);
  }
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
  const code = checkCode(check);
  const fix = checkFix(t, check);
  const facts = shownFacts(check);
  // Before the first punch the upload permission is neither passed nor failed: say when it is
  // confirmed instead of a status word.
  const status = awaitsFirstPunch(check) ? null : t(`doctor.status.${check.status}`);
  return (
    <li className={`check check-${check.status}`}>
      <span className="check-icon">{STATUS_ICON[check.status]}</span>
      <div className="check-body">
        <p className="check-title">
          <span>{checkName(t, check)}</span>
          {status && <span className="check-status">{status}</span>}
        </p>
        {code && <code className="check-subject">{code}</code>}
        <p className="check-message">{checkSentence(t, check)}</p>
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
