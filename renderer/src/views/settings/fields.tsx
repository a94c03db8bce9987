/**
 * Settings fields that save themselves: toggles and selects on change, text
 * on Enter or when focus leaves, after the form's own check. A refusal from
 * main is shown, translated, under the field that caused it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { errorText } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';
import type { Parsed } from './validate';

/** Saves a value; resolves to main's refusal, or null when saved. */
export type Commit<V> = (value: V) => Promise<AppErrorPayload | null>;

function useReplyError() {
  const { t } = useI18n();
  const [error, setError] = useState<AppErrorPayload | null>(null);
  return [error ? errorText(t, error).message : null, setError] as const;
}

interface TextSettingProps<V> {
  label: string;
  hint?: string;
  /** The saved value as text (empty for "none"). */
  value: string;
  parse(text: string): Parsed<V>;
  commit: Commit<V>;
  numeric?: boolean;
  placeholder?: string;
  className?: string;
}

export function TextSetting<V>({
  label,
  hint,
  value,
  parse,
  commit,
  numeric = false,
  placeholder,
  className,
}: TextSettingProps<V>) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [replyError, setReplyError] = useReplyError();
  const [saving, setSaving] = useState(false);

  // Follow the saved value when it changes elsewhere (another window, main's normalising);
  // only on a real change, so a late first effect never undoes what was just typed.
  const shown = useRef(value);
  useEffect(() => {
    if (shown.current === value) return;
    shown.current = value;
    setDraft(value);
  }, [value]);

  const save = async () => {
    if (saving) return;
    const parsed = parse(draft);
    if (!parsed.ok) {
      setInvalid(t(parsed.message, parsed.vars));
      return;
    }
    setInvalid(null);
    if (String(parsed.value ?? '') === value) {
      setDraft(value);
      return;
    }
    setSaving(true);
    setReplyError(await commit(parsed.value));
    setSaving(false);
  };

  return (
    <TextField
      className={className}
      label={label}
      hint={hint}
      value={draft}
      placeholder={placeholder}
      inputMode={numeric ? 'numeric' : undefined}
      error={invalid ?? replyError}
      aria-busy={saving}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
      }}
    />
  );
}

interface ToggleProps {
  label: string;
  checked: boolean;
  commit: Commit<boolean>;
}

export function Toggle({ label, checked, commit }: ToggleProps) {
  const id = useId();
  const [saving, setSaving] = useState(false);
  const [replyError, setReplyError] = useReplyError();
  return (
    <div className="toggle-row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={saving}
        aria-describedby={replyError ? `${id}-error` : undefined}
        onChange={async (e) => {
          setSaving(true);
          setReplyError(await commit(e.target.checked));
          setSaving(false);
        }}
      />
      {replyError && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {replyError}
        </p>
      )}
    </div>
  );
}

interface SelectProps<V extends string> {
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  commit: Commit<V>;
}

export function Select<V extends string>({ label, value, options, commit }: SelectProps<V>) {
  const id = useId();
  const [replyError, setReplyError] = useReplyError();
  return (
    <div className="select-row">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={async (e) => setReplyError(await commit(e.target.value as V))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {replyError && (
        <p className="field-error" role="alert">
          {replyError}
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
