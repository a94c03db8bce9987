/**
 * Step 1: the administrator's provisioning file (dialog in main, or dropped
 * onto the window and read here), or the AppKey and AppSecret typed in.
 * The secret goes straight to main and is never shown back.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';

/** The contract accepts at most this much provisioning text. */
const MAX_PROVISIONING_CHARS = 64 * 1024;

export function isJsonFile(file: Pick<File, 'name' | 'type'>): boolean {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

interface Props {
  onSnapshot(snapshot: Snapshot): void;
  onDemo(): void;
}

export function ConnectStep({ onSnapshot, onDemo }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [dropProblem, setDropProblem] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [appKey, setAppKey] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const settle = (
    r: { ok: true; value: Snapshot | null } | { ok: false; error: AppErrorPayload },
  ) => {
    setBusy(false);
    if (!r.ok) setError(r.error);
    else if (r.value) onSnapshot(r.value);
  };

  const start = () => {
    setBusy(true);
    setError(null);
    setDropProblem(false);
  };

  const importFile = async (file: File) => {
    if (!isJsonFile(file)) {
      setDropProblem(true);
      return;
    }
    start();
    const text = await readText(file).catch(() => '');
    if (!text || text.length > MAX_PROVISIONING_CHARS) {
      settle({ ok: false, error: { code: 'provisioningInvalid', message: 'unreadable file' } });
      return;
    }
    settle(await call(bridge, 'importProvisioning', { text }));
  };
  // The window listeners are added once; they reach the latest render through this ref.
  const importLatest = useRef(importFile);
  importLatest.current = importFile;

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      // Only leaving the window itself ends the drag (not moving between children).
      if (!e.relatedTarget) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importLatest.current(file);
    };
    window.addEventListener('dragenter', over);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', over);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const pick = async () => {
    start();
    settle(await call(bridge, 'pickProvisioningFile'));
  };

  const saveCredentials = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!appKey.trim() || !appSecret.trim()) return;
    start();
    const r = await call(bridge, 'setCredentials', {
      appKey: appKey.trim(),
      appSecret: appSecret.trim(),
    });
    if (r.ok) setAppSecret('');
    settle(r);
  };

  const demo = async () => {
    start();
    const r = await call(bridge, 'startDemo');
    settle(r);
    if (r.ok) onDemo();
  };

  const required = (value: string) =>
    submitted && !value.trim() ? t('onboarding.required') : null;

  return (
    <div className={`connect${dragging ? ' dragging' : ''}`} aria-busy={busy}>
      <p className="intro">{t('onboarding.connectIntro')}</p>
      <div className="dropzone">
        <button
          type="button"
          className="button primary-action"
          disabled={busy}
          onClick={() => void pick()}
        >
          {t('onboarding.pickFile')}
        </button>
        <p className="dropzone-hint">
          {dragging ? t('onboarding.dropRelease') : t('onboarding.dropHint')}
        </p>
      </div>
      {dropProblem && (
        <p className="field-error" role="alert">
          {t('onboarding.notJson')}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      <p className="divider">
        <span>{t('onboarding.or')}</span>
      </p>
      <form className="form" onSubmit={(e) => void saveCredentials(e)} noValidate>
        <TextField
          label={t('onboarding.appKey')}
          value={appKey}
          onChange={(e) => setAppKey(e.target.value)}
          maxLength={128}
          error={required(appKey)}
        />
        <TextField
          label={t('onboarding.appSecret')}
          type="password"
          value={appSecret}
          onChange={(e) => setAppSecret(e.target.value)}
          maxLength={256}
          hint={t('onboarding.secretHint')}
          error={required(appSecret)}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {busy && <Spinner />}
            {t('onboarding.saveCredentials')}
          </button>
          <span className="spacer" />
          <button type="button" className="link" disabled={busy} onClick={() => void demo()}>
            {t('onboarding.tryDemo')}
          </button>
        </div>
      </form>
    </div>
  );
}
