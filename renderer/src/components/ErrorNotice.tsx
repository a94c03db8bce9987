/** An error as the employee reads it: the translated message, the fix, and a way to the doctor. */
import { useEffect } from 'react';
import type { AppErrorPayload } from '../../../shared/errors';
import { describeErrorWith, type ErrorText } from '../../../shared/i18n/core';
import type { MessageKey } from '../../../shared/i18n/types';
import { useI18n, type T } from '../i18n';
import { AlertIcon } from './icons';

/** Needs the errors' strings loaded (sub-views have them; elsewhere, see ErrorNotice). */
export function errorText(t: T, error: AppErrorPayload): ErrorText {
  return describeErrorWith((key, vars) => t(key as MessageKey, vars), error);
}

interface Props {
  error: AppErrorPayload;
  /** Shows "Open the doctor" when given. */
  onDoctor?: () => void;
  /** 'status' for calm, expected refusals (refresh too soon); 'alert' for real failures. */
  tone?: 'alert' | 'status';
  /** Hide the fix hint where space is tight; it stays in the doctor. */
  brief?: boolean;
}

export function ErrorNotice({ error, onDoctor, tone = 'alert', brief = false }: Props) {
  const { t, errors, needErrors } = useI18n();
  // The errors' strings are a chunk of their own, loaded the first time one is shown.
  useEffect(needErrors, [needErrors]);
  const className = `notice notice-${tone}`;
  // Until then the live region is there, busy and empty: never a key in place of a sentence.
  if (!errors) return <div role={tone} className={className} aria-busy="true" />;
  const text = errorText(t, error);
  const retryAfter = error.detail?.retryAfter;
  return (
    <div role={tone} className={className}>
      <p className="notice-title">
        <AlertIcon />
        <span>{text.message}</span>
      </p>
      {!brief && <p className="notice-fix">{text.fix}</p>}
      {retryAfter !== undefined && (
        <p className="notice-fix">{t('today.retryAfter', { seconds: retryAfter })}</p>
      )}
      {onDoctor && (
        <button type="button" className="link" onClick={onDoctor}>
          {t('common.openDoctor')}
        </button>
      )}
    </div>
  );
}
