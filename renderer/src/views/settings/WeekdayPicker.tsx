/**
 * The fallback schedule's workdays: seven toggles, named by Intl in the UI's
 * language, saved on each change (Monday first, as Chinese calendars show).
 * The last workday cannot be unticked: a schedule without one never reminds.
 */
import { useId, useState } from 'react';
import { errorText } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { invalidText, SavedTick, useSave, type Commit, type Invalid } from './fields';
import { parseWorkdays } from './validate';

const ORDER = [1, 2, 3, 4, 5, 6, 0];

export function WeekdayPicker({ value, commit }: { value: number[]; commit: Commit<number[]> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const save = useSave();
  const [invalid, setInvalid] = useState<Invalid | null>(null);
  const name = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday: day d of that week names weekday d.
  const label = (d: number) => name.format(new Date(Date.UTC(2023, 0, 1 + d)));
  const toggle = async (day: number, on: boolean) => {
    const parsed = parseWorkdays(
      on ? [...new Set([...value, day])] : value.filter((d) => d !== day),
    );
    setInvalid(parsed.ok ? null : parsed);
    if (parsed.ok) await save.run(() => commit(parsed.value));
  };
  const error = invalid
    ? invalidText(t, invalid)
    : save.refusal
      ? errorText(t, save.refusal).message
      : null;
  return (
    <fieldset
      className="weekdays"
      data-setting="fallbackSchedule.workdays"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{t('settings.workdays')}</legend>
      {ORDER.map((day) => (
        <label key={day} className="weekday">
          <input
            type="checkbox"
            checked={value.includes(day)}
            disabled={save.saving}
            onChange={(e) => void toggle(day, e.target.checked)}
          />
          <span>{label(day)}</span>
        </label>
      ))}
      <SavedTick saved={save.saved} onFaded={save.hideSaved} />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
