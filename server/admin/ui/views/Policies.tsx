/** The punch policies: edited here, saved at once, heard by every connected desktop. */
import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { api } from '../api';
import type { ViewProps } from '../App';
import type { Policies } from '../contract';
import { useI18n } from '../i18n';
import { ErrorNotice, errorOf, Loading, useLoad } from './common';

const NUMBERS = [
  { key: 'maxOfflineMinutes', max: 24 * 60 },
  { key: 'allowedClockDifferenceSeconds', max: 60 * 60 },
  { key: 'repeatGuardMinutes', max: 24 * 60 },
] as const;

type Draft = { punchingEnabled: boolean } & Record<(typeof NUMBERS)[number]['key'], string>;

const toDraft = (p: Policies): Draft => ({
  punchingEnabled: p.punchingEnabled,
  maxOfflineMinutes: String(p.maxOfflineMinutes),
  allowedClockDifferenceSeconds: String(p.allowedClockDifferenceSeconds),
  repeatGuardMinutes: String(p.repeatGuardMinutes),
});

const valid = (text: string, max: number) => /^\d+$/.test(text) && Number(text) <= max;

export function PoliciesView(_props: ViewProps) {
  const { t } = useI18n();
  const load = useCallback(() => api<{ policies: Policies }>('GET', '/policies'), []);
  const { data, error, setData } = useLoad(load);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<AppErrorPayload | null>(null);
  useEffect(() => {
    if (data) setDraft(toDraft(data.policies));
  }, [data]);
  if (error) return <ErrorNotice error={error} />;
  if (!draft) return <Loading />;

  const ok = NUMBERS.every(({ key, max }) => valid(draft[key], max));
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!ok) return;
    try {
      const reply = await api<{ policies: Policies }>('PUT', '/policies', {
        punchingEnabled: draft.punchingEnabled,
        maxOfflineMinutes: Number(draft.maxOfflineMinutes),
        allowedClockDifferenceSeconds: Number(draft.allowedClockDifferenceSeconds),
        repeatGuardMinutes: Number(draft.repeatGuardMinutes),
      });
      setData(reply);
      setSaved(true);
      setFailure(null);
    } catch (e) {
      setFailure(errorOf(e));
      setSaved(false);
    }
  };
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };

  return (
    <section className="card" aria-labelledby="policies-title">
      <h2 id="policies-title">{t('policies.title')}</h2>
      <p className="intro">{t('policies.intro')}</p>
      <form className="policies" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field field-switch">
          <input
            type="checkbox"
            name="punchingEnabled"
            checked={draft.punchingEnabled}
            onChange={(e) => change({ punchingEnabled: e.target.checked })}
          />
          <span>
            <span className="field-label">{t('policies.punchingEnabled')}</span>
            <span className="hint">{t('policies.punchingEnabledHint')}</span>
          </span>
        </label>
        {NUMBERS.map(({ key, max }) => {
          const bad = !valid(draft[key], max);
          return (
            <label key={key} className="field">
              <span className="field-label">{t(`policies.${key}`)}</span>
              <input
                type="text"
                inputMode="numeric"
                name={key}
                value={draft[key]}
                aria-invalid={bad}
                onChange={(e) => change({ [key]: e.target.value.trim() })}
              />
              <span className={bad ? 'hint text-bad' : 'hint'}>
                {bad ? t('policies.invalid', { min: 0, max }) : t(`policies.${key}Hint`)}
              </span>
            </label>
          );
        })}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={!ok}>
            {t('policies.save')}
          </button>
          {saved && (
            <span className="text-ok" role="status">
              {t('policies.saved')}
            </span>
          )}
        </div>
        {failure && <ErrorNotice error={failure} />}
      </form>
    </section>
  );
}
