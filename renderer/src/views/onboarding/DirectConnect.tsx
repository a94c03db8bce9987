/**
 * Direct: this computer holds the company app's secret, so the screen says
 * first what that means. Then the administrator's provisioning file (dialog
 * or drop) or the AppKey and AppSecret typed in; the secret goes straight to
 * main and is never shown back. Main checks typed ones with one token call before
 * keeping them: a refusal naming a field is shown under that field.
 */
import { useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { errorText } from '../../components/ErrorNotice';
import { AlertIcon, Spinner } from '../../components/icons';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';
import type { Importer } from './useImport';

export function DirectConnect({ importer }: { importer: Importer }) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [appKey, setAppKey] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [submitted, setSubmitted] = useState(false);
  /** Main's refusal of one field (wrong credentials name the AppSecret). */
  const [refused, setRefused] = useState<AppErrorPayload | null>(null);
  const { busy, dragging } = importer;
  const ofField = (error: AppErrorPayload) =>
    error.detail?.field === 'appKey' || error.detail?.field === 'appSecret';

  const saveCredentials = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!appKey.trim() || !appSecret.trim()) return;
    setRefused(null);
    const r = await importer.run(
      () => call(bridge, 'setCredentials', { appKey: appKey.trim(), appSecret: appSecret.trim() }),
      ofField,
    );
    if (r.ok) setAppSecret('');
    else if (ofField(r.error)) setRefused(r.error);
  };

  const fieldError = (field: 'appKey' | 'appSecret', value: string) =>
    submitted && !value.trim()
      ? t('onboarding.required')
      : refused?.detail?.field === field
        ? errorText(t, refused).message
        : null;

  return (
    <>
      <div className="notice notice-warn" role="note">
        <p className="notice-title">
          <AlertIcon />
          <span>{t('onboarding.directWarningTitle')}</span>
        </p>
        <p className="notice-fix">{t('onboarding.directWarning')}</p>
      </div>
      <p className="intro">{t('onboarding.connectIntro')}</p>
      <div className="dropzone">
        <button
          type="button"
          className="button primary-action"
          disabled={busy}
          onClick={() => void importer.pick()}
        >
          {t('onboarding.pickFile')}
        </button>
        <p className="dropzone-hint">
          {dragging ? t('onboarding.dropRelease') : t('onboarding.dropHint')}
        </p>
      </div>
      <p className="divider">
        <span>{t('onboarding.or')}</span>
      </p>
      <form className="form" onSubmit={(e) => void saveCredentials(e)} noValidate>
        <TextField
          label={t('onboarding.appKey')}
          value={appKey}
          onChange={(e) => {
            setAppKey(e.target.value);
            setRefused(null);
          }}
          maxLength={128}
          error={fieldError('appKey', appKey)}
        />
        <TextField
          label={t('onboarding.appSecret')}
          type="password"
          value={appSecret}
          onChange={(e) => {
            setAppSecret(e.target.value);
            setRefused(null);
          }}
          maxLength={256}
          hint={t('onboarding.secretHint')}
          error={fieldError('appSecret', appSecret)}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {busy && <Spinner />}
            {t('onboarding.saveCredentials')}
          </button>
        </div>
      </form>
    </>
  );
}
