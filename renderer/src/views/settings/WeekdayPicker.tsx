/**
 * The fallback schedule's workdays: seven toggles, named by Intl in the UI's
 * language, saved on each change (Monday first, as Chinese calendars show).
 */
import { useId, useState } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { errorText } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import type { Commit } from './fields';

const ORDER = [1, 2, 3, 4, 5, 6, 0];

export function WeekdayPicker({ value, commit }: { value: number[]; commit: Commit<number[]> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const name = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday: day d of that week names weekday d.
  const label = (d: number) => name.format(new Date(Date.UTC(2023, 0, 1 + d)));
  const toggle = async (day: number, on: boolean) => {
    setSaving(true);
    const next = on ? [...new Set([...value, day])] : value.filter((d) => d !== day);
    setError(await commit(next.sort((a, b) => a - b)));
    setSaving(false);
  };
  return (
    <fieldset className="weekdays" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('settings.workdays')}</legend>
      {ORDER.map((day) => (
        <label key={day} className="weekday">
          <input
            type="checkbox"
            checked={value.includes(day)}
            disabled={saving}
            onChange={(e) => void toggle(day, e.target.checked)}
          />
          <span>{label(day)}</span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {errorText(t, error).message}
        </p>
      )}
    </fieldset>
  );
}
