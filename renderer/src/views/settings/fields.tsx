/**
 * Settings fields that save themselves: toggles and selects on change, text
 * on Enter or when focus leaves, after the form's own check. A refusal from
 * main is shown, translated, under the field that caused it; a save main
 * confirmed shows "✓ 已保存" beside the label for a moment. Errors are kept as
 * codes and message keys and rendered at render time, so they follow a
 * language switch.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { errorText } from '../../components/ErrorNotice';
import { useI18n, type T } from '../../i18n';
import type { Parsed } from './validate';

/** Saves a value; resolves to main's refusal, or null when saved. */
export type Commit<V> = (value: V) => Promise<AppErrorPayload | null>;

/** The form's own objection: a message key and its variables, translated when shown. */
export type Invalid = Extract<Parsed<unknown>, { ok: false }>;

export function invalidText(t: T, invalid: Invalid): string {
  return t(invalid.message, invalid.vars);
}

/**
 * One field's save: in flight, main's refusal, and a counter of confirmed saves
 * (0: nothing to show) that keys the tick, so a second save shows it afresh.
 */
export function useSave() {
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<AppErrorPayload | null>(null);
  const [saved, setSaved] = useState(0);
  const count = useRef(0);
  const run = async (save: () => Promise<AppErrorPayload | null>) => {
    setSaving(true);
    setSaved(0);
    const error = await save();
    setSaving(false);
    setRefusal(error);
    if (!error) setSaved(++count.current);
  };
  return {
    saving,
    refusal,
    saved,
    run,
    clearRefusal: () => setRefusal(null),
    hideSaved: () => setSaved(0),
  };
}

/** "✓ 已保存" after a confirmed save; it fades (CSS) and leaves when the fade ends. */
export function SavedTick({ saved, onFaded }: { saved: number; onFaded: () => void }) {
  const { t } = useI18n();
  return (
    <span className="saved-tick" role="status">
      {saved > 0 && (
        <span key={saved} className="saved-tick-text" onAnimationEnd={onFaded}>
          <span aria-hidden="true">✓ </span>
          {t('settings.saved')}
        </span>
      )}
    </span>
  );
}

interface TextSettingProps<V> {
  /** The settings path this field edits ("reminders.snoozeMinutes"), for tests and lookups. */
  setting?: string;
  label: string;
  hint?: string;
  /** Shown under the field whatever its state (e.g. "ends the next day"). */
  note?: string | null;
  /** The saved value as text (empty for "none"). */
  value: string;
  parse(text: string): Parsed<V>;
  commit: Commit<V>;
  numeric?: boolean;
  placeholder?: string;
  className?: string;
}

export function TextSetting<V>({
  setting,
  label,
  hint,
  note,
  value,
  parse,
  commit,
  numeric = false,
  placeholder,
  className,
}: TextSettingProps<V>) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [invalid, setInvalid] = useState<Invalid | null>(null);
  const save = useSave();

  // Follow the saved value when it changes elsewhere (another window, main's normalising);
  // only on a real change, so a late first effect never undoes what was just typed.
  const shown = useRef(value);
  useEffect(() => {
    if (shown.current === value) return;
    shown.current = value;
    setDraft(value);
  }, [value]);

  const submit = async () => {
    if (save.saving) return;
    const parsed = parse(draft);
    if (!parsed.ok) {
      setInvalid(parsed);
      save.hideSaved();
      return;
    }
    setInvalid(null);
    if (String(parsed.value ?? '') === value) {
      setDraft(value);
      save.clearRefusal();
      return;
    }
    await save.run(() => commit(parsed.value));
  };

  const error = invalid
    ? invalidText(t, invalid)
    : save.refusal
      ? errorText(t, save.refusal).message
      : null;
  const described = [error ? `${id}-error` : hint ? `${id}-hint` : null, note ? `${id}-note` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`} data-setting={setting}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        <SavedTick saved={save.saved} onFaded={save.hideSaved} />
      </div>
      <input
        id={id}
        value={draft}
        placeholder={placeholder}
        inputMode={numeric ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        aria-busy={save.saving}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void submit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void submit();
        }}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      {hint && !error && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {note && (
        <p id={`${id}-note`} className="field-note">
          {note}
        </p>
      )}
    </div>
  );
}

interface ToggleProps {
  setting?: string;
  label: string;
  checked: boolean;
  commit: Commit<boolean>;
}

export function Toggle({ setting, label, checked, commit }: ToggleProps) {
  const id = useId();
  const { t } = useI18n();
  const save = useSave();
  return (
    <div className="toggle-row" data-setting={setting}>
      <label htmlFor={id}>{label}</label>
      <SavedTick saved={save.saved} onFaded={save.hideSaved} />
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={save.saving}
        aria-describedby={save.refusal ? `${id}-error` : undefined}
        onChange={(e) => void save.run(() => commit(e.target.checked))}
      />
      {save.refusal && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {errorText(t, save.refusal).message}
        </p>
      )}
    </div>
  );
}

interface SelectProps<V extends string> {
  setting?: string;
  label: string;
  hint?: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  commit: Commit<V>;
}

export function Select<V extends string>({
  setting,
  label,
  hint,
  value,
  options,
  commit,
}: SelectProps<V>) {
  const id = useId();
  const { t } = useI18n();
  const save = useSave();
  const described = save.refusal ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="select-row" data-setting={setting}>
      <label htmlFor={id}>{label}</label>
      <SavedTick saved={save.saved} onFaded={save.hideSaved} />
      <select
        id={id}
        value={value}
        aria-describedby={described}
        onChange={(e) => void save.run(() => commit(e.target.value as V))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {save.refusal && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {errorText(t, save.refusal).message}
        </p>
      )}
      {hint && !save.refusal && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
