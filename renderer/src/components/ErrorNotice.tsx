/** An error as the employee reads it: the translated message, the fix, and a way to the doctor. */
import type { AppErrorPayload } from '../../../shared/errors';
import { describeErrorWith, type ErrorText } from '../../../shared/i18n/core';
import type { MessageKey } from '../../../shared/i18n/types';
import { useI18n, type T } from '../i18n';
import { AlertIcon } from './icons';

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
  const { t } = useI18n();
  const text = errorText(t, error);
  const retryAfter = error.detail?.retryAfter;
  return (
    <div role={tone} className={`notice notice-${tone}`}>
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
