/** Bits every view uses: loading data with its error, and an error shown with its fix. */
import { useCallback, useEffect, useState } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

export function errorOf(error: unknown): AppErrorPayload {
  return error instanceof ApiError
    ? error.payload
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [busy, setBusy] = useState(true);
  const reload = useCallback(async () => {
    setBusy(true);
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, busy, reload, setData };
}

export function ErrorNotice({ error }: { error: AppErrorPayload }) {
  const { describe, t } = useI18n();
  const text = describe(error);
  return (
    <div className="notice notice-bad" role="alert">
      <p className="notice-title">{text.message}</p>
      <p>
        {t('health.fixLabel')}
        {text.fix}
      </p>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t('app.loading')}</p>;
}
