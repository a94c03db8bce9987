/**
 * About: the version, automatic updates as main reports them (feed, state,
 * why they are off) with "Check for updates", and this month's DingTalk call
 * figures (the quota lives here and in the doctor, not on Today).
 */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { ViewHeader } from '../../components/ViewHeader';
import { useI18n } from '../../i18n';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
  onBack(): void;
}

export default function AboutView({ snapshot, onSnapshot, onBack }: Props) {
  const { t } = useI18n();
  const bridge = useBridge();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const { updates, quota } = snapshot;
  const checking = asking || updates.state === 'checking';

  const check = async () => {
    setAsking(true);
    setError(null);
    const r = await call(bridge, 'checkForUpdates');
    setAsking(false);
    if (r.ok) onSnapshot(r.value);
    else setError(r.error);
  };

  return (
    <div className="view">
      <ViewHeader title={t('about.title')} onBack={onBack} />
      <div className="view-body about">
        <section className="about-app">
          <p className="about-version">{t('settings.version', { version: snapshot.version })}</p>
          <p className="intro">{t('about.tagline')}</p>
        </section>

        <section className="settings-section" aria-labelledby="about-updates">
          <h2 id="about-updates">{t('about.updates')}</h2>
          <p className="about-state" role="status">
            {checking && <Spinner />}
            {t(`about.state.${checking ? 'checking' : updates.state}`, {
              version: updates.version ?? '',
            })}
          </p>
          {updates.reason && <p className="muted">{t(`about.reason.${updates.reason}`)}</p>}
          {updates.feed && (
            <dl className="facts">
              <div>
                <dt>{t('about.feed')}</dt>
                <dd>{updates.feed}</dd>
              </div>
            </dl>
          )}
          {updates.source !== 'none' && (
            <p className="muted">{t(`about.source.${updates.source}`)}</p>
          )}
          {error && <ErrorNotice error={error} brief />}
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={checking || updates.state === 'off'}
              onClick={() => void check()}
            >
              {t('about.check')}
            </button>
          </div>
        </section>

        <section className="settings-section" aria-labelledby="about-quota">
          <h2 id="about-quota">{t('about.quota')}</h2>
          {snapshot.connection.kind === 'server' ? (
            <p className="muted">{t('about.quotaServer')}</p>
          ) : (
            <>
              <p>
                {t('about.quotaUsed', { month: quota.month, used: quota.counted, cap: quota.cap })}
              </p>
              <p className="muted">
                {t('about.quotaDetail', { total: quota.total, tokens: quota.tokenFetches })}
              </p>
              {quota.budgetMode && <p className="about-budget">{t('about.budgetMode')}</p>}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
