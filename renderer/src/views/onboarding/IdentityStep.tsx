/**
 * Step 2: who is the employee. Signing in with DingTalk in the browser is the
 * way; looking up by mobile or typing a user id appear only where the
 * administrator's policies allow them.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { Result, Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ConfirmInline } from '../../components/ConfirmInline';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';

/** The contract's mobile number shape, checked here first for a friendly message. */
const MOBILE = /^\+?[0-9][0-9 -]{5,19}$/;

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
  onDoctor(): void;
}

export function IdentityStep({ snapshot, onSnapshot, onDoctor }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [waiting, setWaiting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [mobile, setMobile] = useState('');
  const [mobileError, setMobileError] = useState<string | null>(null);
  const [userId, setUserId] = useState('');
  const [userIdError, setUserIdError] = useState<string | null>(null);
  const [askingChange, setAskingChange] = useState(false);
  /** Set when the employee cancels: the pending login reply is then ignored. */
  const cancelled = useRef(false);
  const { policies } = snapshot;

  // An identity reply carries no snapshot: fetch the one that now includes it.
  const finish = async (r: Result<unknown>) => {
    setBusy(false);
    setWaiting(false);
    if (!r.ok) return setError(r.error);
    const s = await call(bridge, 'getSnapshot');
    if (s.ok) onSnapshot(s.value);
  };

  const login = async () => {
    cancelled.current = false;
    setError(null);
    setWaiting(true);
    const r = await call(bridge, 'loginWithBrowser');
    if (!cancelled.current) await finish(r);
  };

  // Wrong AppKey or AppSecret shows up only here (at login): a way back to step 1.
  const changeApp = async () => {
    setBusy(true);
    const r = await call(bridge, 'forgetCredentials');
    setBusy(false);
    if (r.ok) onSnapshot(r.value);
    else setError(r.error);
  };

  const cancel = async () => {
    cancelled.current = true;
    setWaiting(false);
    const r = await call(bridge, 'cancelLogin');
    if (r.ok) onSnapshot(r.value);
  };

  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    const value = mobile.trim();
    if (!MOBILE.test(value)) return setMobileError(t('onboarding.invalidMobile'));
    setMobileError(null);
    setError(null);
    setBusy(true);
    await finish(await call(bridge, 'lookupByMobile', { mobile: value }));
  };

  const submitUserId = async (e: FormEvent) => {
    e.preventDefault();
    const value = userId.trim();
    if (!value) return setUserIdError(t('onboarding.required'));
    setUserIdError(null);
    setError(null);
    setBusy(true);
    await finish(await call(bridge, 'setUserId', { userId: value }));
  };

  if (waiting) {
    return (
      <div className="waiting" role="status">
        <Spinner />
        <p>{t('onboarding.loginWaiting')}</p>
        <button type="button" className="button" onClick={() => void cancel()}>
          {t('common.cancel')}
        </button>
      </div>
    );
  }

  return (
    <div className="identity" aria-busy={busy}>
      <p className="intro">{t('onboarding.identityIntro')}</p>
      <button
        type="button"
        className="button primary-action wide"
        disabled={busy}
        onClick={() => void login()}
      >
        {t('onboarding.loginWithBrowser')}
      </button>
      {error && <ErrorNotice error={error} onDoctor={onDoctor} />}
      {(policies.mobileLookupAllowed || policies.manualUserIdAllowed) && (
        <p className="divider">
          <span>{t('onboarding.or')}</span>
        </p>
      )}
      {policies.mobileLookupAllowed && (
        <form className="inline-form" onSubmit={(e) => void lookup(e)} noValidate>
          <TextField
            label={t('onboarding.mobile')}
            type="tel"
            inputMode="tel"
            value={mobile}
            onChange={(e) => setMobile(e.target.value)}
            maxLength={21}
            error={mobileError}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('onboarding.lookup')}
          </button>
        </form>
      )}
      {policies.manualUserIdAllowed && (
        <form className="inline-form" onSubmit={(e) => void submitUserId(e)} noValidate>
          <TextField
            label={t('onboarding.userId')}
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            maxLength={64}
            error={userIdError}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('onboarding.useUserId')}
          </button>
        </form>
      )}
      {askingChange ? (
        <ConfirmInline
          question={t('settings.forgetQuestion')}
          confirmLabel={t('settings.forget')}
          busy={busy}
          onConfirm={() => void changeApp()}
          onCancel={() => setAskingChange(false)}
        />
      ) : (
        <button
          type="button"
          className="link"
          disabled={busy}
          onClick={() => setAskingChange(true)}
        >
          {t('onboarding.changeApp')}
        </button>
      )}
    </div>
  );
}
