/**
 * The receipts robot's two secrets, both write-only: the signing secret and
 * the webhook access_token go to main's vault and are never read back (the
 * popup only learns whether a token is set), so the field is empty after saving.
 */
import { useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { MessageKey } from '../../../../shared/i18n';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';
import { parseRobotToken } from './validate';

interface WriteOnlyProps {
  which: 'secret' | 'token';
  labels: {
    label: MessageKey;
    hint: MessageKey;
    save: MessageKey;
    clear: MessageKey;
    saved: MessageKey;
    cleared: MessageKey;
  };
  /** Text → the value to send, or the message key of why not. */
  parse: (text: string) => { ok: true; value: string } | { ok: false; message: MessageKey };
  /** Shown while the field is empty and a value is already in the vault. */
  isSetNote?: MessageKey | null;
}

function WriteOnlyField({ which, labels, parse, isSetNote }: WriteOnlyProps) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'saved' | 'cleared' | null>(null);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [invalid, setInvalid] = useState<MessageKey | null>(null);

  const send = async (value: string | null) => {
    setBusy(true);
    setDone(null);
    setError(null);
    const r = await call(
      bridge,
      'setRobotSecret',
      which === 'secret' ? { secret: value } : { token: value },
    );
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setText('');
    setDone(value === null ? 'cleared' : 'saved');
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const parsed = parse(text);
    if (!parsed.ok) return setInvalid(parsed.message);
    setInvalid(null);
    void send(parsed.value);
  };

  return (
    <form className="robot-secret" onSubmit={save} noValidate>
      <TextField
        label={t(labels.label)}
        hint={isSetNote && !text ? `${t(labels.hint)} · ${t(isSetNote)}` : t(labels.hint)}
        error={invalid ? t(invalid) : null}
        type="password"
        value={text}
        maxLength={which === 'token' ? 400 : 200}
        onChange={(e) => {
          setText(e.target.value);
          setInvalid(null);
        }}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy || !text.trim()}>
          {t(labels.save)}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void send(null)}>
          {t(labels.clear)}
        </button>
        <span className="saved-note" role="status">
          {done === 'saved' && t(labels.saved)}
          {done === 'cleared' && t(labels.cleared)}
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
    </form>
  );
}

export function RobotSecret() {
  return (
    <WriteOnlyField
      which="secret"
      labels={{
        label: 'settings.robotSecret',
        hint: 'settings.robotSecretHint',
        save: 'settings.robotSecretSave',
        clear: 'settings.robotSecretClear',
        saved: 'settings.robotSecretSaved',
        cleared: 'settings.robotSecretCleared',
      }}
      parse={(text) => ({ ok: true, value: text.trim() })}
    />
  );
}

/** The webhook's access_token; a pasted webhook URL gives its token. */
export function RobotToken({ isSet }: { isSet: boolean }) {
  return (
    <WriteOnlyField
      which="token"
      labels={{
        label: 'settings.robotToken',
        hint: 'settings.robotTokenHint',
        save: 'settings.robotTokenSave',
        clear: 'settings.robotTokenClear',
        saved: 'settings.robotTokenSaved',
        cleared: 'settings.robotTokenCleared',
      }}
      parse={(text) => {
        const parsed = parseRobotToken(text);
        if (!parsed.ok) return parsed;
        return parsed.value === null
          ? { ok: false, message: 'settings.invalidToken' }
          : { ok: true, value: parsed.value };
      }}
      isSetNote={isSet ? 'settings.robotTokenIsSet' : null}
    />
  );
}
