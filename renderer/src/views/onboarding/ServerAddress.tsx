/**
 * Company server: the address IT gave (checked here first, then by main's
 * setServer), or IT's provisioning file. The sign-in follows from the snapshot.
 */
import { useState, type FormEvent } from 'react';
import { call, useBridge } from '../../bridge';
import { Spinner } from '../../components/icons';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n';
import { ADDRESS_PROBLEM_KEY, serverAddressProblem } from './server-address';
import type { Importer } from './useImport';

export function ServerAddress({ importer, initial }: { importer: Importer; initial: string }) {
  const bridge = useBridge();
  const { t } = useI18n();
  const [address, setAddress] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, dragging } = importer;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = serverAddressProblem(address);
    if (found) return setProblem(t(ADDRESS_PROBLEM_KEY[found]));
    setProblem(null);
    // Main's own refusal of the address belongs under the field, in the employee's language.
    await importer.run(
      () => call(bridge, 'setServer', { url: address.trim() }),
      (error) => {
        if (error.code !== 'invalidInput') return false;
        setProblem(t('onboarding.serverInvalid'));
        return true;
      },
    );
  };

  return (
    <>
      <p className="intro">{t('onboarding.serverIntro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('onboarding.serverAddress')}
          type="url"
          inputMode="url"
          placeholder="https://daka.example.com"
          value={address}
          onChange={(e) => {
            setAddress(e.target.value);
            // The explanation was about what was typed before; it would now mislead.
            setProblem(null);
          }}
          maxLength={300}
          hint={t('onboarding.serverHint')}
          error={problem}
        />
        <div className="button-row">
          <button type="submit" className="button primary-action" disabled={busy}>
            {busy && <Spinner />}
            {t('onboarding.serverContinue')}
          </button>
        </div>
      </form>
      <p className="divider">
        <span>{t('onboarding.or')}</span>
      </p>
      <div className="dropzone">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void importer.pick()}
        >
          {t('onboarding.serverImport')}
        </button>
        <p className="dropzone-hint">
          {dragging ? t('onboarding.dropRelease') : t('onboarding.dropHint')}
        </p>
      </div>
    </>
  );
}
