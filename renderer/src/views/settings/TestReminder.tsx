/**
 * Settings → Reminders: "send a test reminder". Main shows a real notification
 * down the reminders' own path and says what the system did with it; the
 * result is shown only once main has answered (never a success it did not see).
 */
import { useState } from 'react';
import type { NotificationDelivery } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { errorText } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

type State =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'answered'; delivery: NotificationDelivery }
  | { kind: 'error'; error: AppErrorPayload };

/** Shown and unconfirmed are news; unsupported and failed need the employee. */
const PROBLEM: Readonly<Record<NotificationDelivery, boolean>> = {
  shown: false,
  unconfirmed: false,
  unsupported: true,
  failed: true,
};

export function TestReminder() {
  const bridge = useBridge();
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const send = async () => {
    setState({ kind: 'sending' });
    const r = await call(bridge, 'testReminder', {});
    setState(
      r.ok ? { kind: 'answered', delivery: r.value.delivery } : { kind: 'error', error: r.error },
    );
  };
  const answer = state.kind === 'answered' ? state.delivery : null;
  const problem =
    state.kind === 'error'
      ? errorText(t, state.error).message
      : answer && PROBLEM[answer]
        ? t(`settings.testReminderResult.${answer}`)
        : null;
  return (
    <div className="test-reminder">
      <button
        type="button"
        className="button"
        disabled={state.kind === 'sending'}
        aria-busy={state.kind === 'sending'}
        onClick={() => void send()}
      >
        {state.kind === 'sending' ? t('settings.testReminderSending') : t('settings.testReminder')}
      </button>
      {/* Present from the start, so the news is announced; an alert announces itself. */}
      <p className="test-reminder-result" role="status">
        {answer && !PROBLEM[answer] && t(`settings.testReminderResult.${answer}`)}
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
