/**
 * An in-place "are you sure?" for destructive actions: no modal, the question
 * replaces the button. Focus starts on Cancel, and Escape cancels (without
 * also closing the popup: the App's Escape handler skips handled events).
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

interface Props {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}

export function ConfirmInline({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
}: Props) {
  const { t } = useI18n();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <p className="confirm-question">{question}</p>
      <div className="button-row">
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" className="button" ref={cancel} onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
