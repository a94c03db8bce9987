/**
 * The receipts robot's signing secret: write-only. It goes to main's vault
 * and is never read back, so the field is always empty after saving.
 */
import { useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';

export function RobotSecret() {
  const bridge = useBridge();
  const { t } = useI18n();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'saved' | 'cleared' | null>(null);
  const [error, setError] = useState<AppErrorPayload | null>(null);

  const send = async (value: string | null) => {
    setBusy(true);
    setDone(null);
    setError(null);
    const r = await call(bridge, 'setRobotSecret', { secret: value });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setSecret('');
    setDone(value === null ? 'cleared' : 'saved');
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const value = secret.trim();
    if (value) void send(value);
  };

  return (
    <form className="robot-secret" onSubmit={save} noValidate>
      <TextField
        label={t('settings.robotSecret')}
        hint={t('settings.robotSecretHint')}
        type="password"
        value={secret}
        maxLength={200}
        onChange={(e) => setSecret(e.target.value)}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy || !secret.trim()}>
          {t('settings.robotSecretSave')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void send(null)}>
          {t('settings.robotSecretClear')}
        </button>
        <span className="saved-note" role="status">
          {done === 'saved' && t('settings.robotSecretSaved')}
          {done === 'cleared' && t('settings.robotSecretCleared')}
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
    </form>
  );
}
