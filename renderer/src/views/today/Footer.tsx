/**
 * The quiet bottom line: this month's calls, demo and offline marks, the company
 * server's event stream retrying, doctor and settings.
 */
import type { Snapshot } from '../../../../shared/contract';
import { SettingsIcon, PulseIcon } from '../../components/icons';
import { useI18n } from '../../i18n';

interface Props {
  snapshot: Snapshot | null;
  onDoctor(): void;
  onSettings(): void;
}

export function Footer({ snapshot, onDoctor, onSettings }: Props) {
  const { t } = useI18n();
  // In company server mode this computer makes no DingTalk calls of its own: no meter to show.
  const quota = snapshot?.connection.kind === 'server' ? undefined : snapshot?.quota;
  return (
    <footer className="footer">
      {quota && (
        <span className="footer-quota">
          <span aria-hidden="true">
            {t('footer.quota', { used: quota.counted, cap: quota.cap })}
          </span>
          <span className="sr-only">
            {t('footer.quotaTitle', { used: quota.counted, cap: quota.cap })}
          </span>
        </span>
      )}
      {quota?.budgetMode && <span className="badge badge-warn">{t('footer.budgetMode')}</span>}
      {snapshot?.mode === 'demo' && (
        <span className="badge badge-demo" title={t('footer.demoTitle')}>
          {t('footer.demo')}
        </span>
      )}
      <span role="status" className="footer-status">
        {snapshot && !snapshot.online && (
          <span className="badge badge-offline">{t('footer.offline')}</span>
        )}
        {snapshot?.online && snapshot.connection.events === 'connecting' && (
          <span className="badge badge-muted">{t('footer.reconnecting')}</span>
        )}
      </span>
      <span className="spacer" />
      <button
        type="button"
        className="icon-button"
        aria-label={t('footer.doctor')}
        title={t('footer.doctor')}
        onClick={onDoctor}
      >
        <PulseIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t('footer.settings')}
        title={t('footer.settings')}
        onClick={onSettings}
      >
        <SettingsIcon />
      </button>
    </footer>
  );
}
