/**
 * The quiet bottom line: demo and offline marks, the company server's event
 * stream retrying, doctor and settings. Call counts are the doctor's business;
 * the footer speaks only when they change what the employee sees.
 */
import type { Snapshot } from '../../../../shared/contract';
import { SettingsIcon, PulseIcon } from '../../components/icons';
import { useI18n } from '../../i18n';
import { DemoBadge } from '../demo/DemoBadge';

interface Props {
  snapshot: Snapshot | null;
  onDoctor(): void;
  onSettings(): void;
}

export function Footer({ snapshot, onDoctor, onSettings }: Props) {
  const { t } = useI18n();
  return (
    <footer className="footer">
      {snapshot?.mode === 'demo' && <DemoBadge snapshot={snapshot} />}
      <span role="status" className="footer-status">
        {snapshot &&
          (!snapshot.online ? (
            <span className="badge badge-offline">{t('footer.offline')}</span>
          ) : snapshot.connection.events === 'connecting' ? (
            <span className="badge badge-muted">{t('footer.reconnecting')}</span>
          ) : (
            // This computer's monthly calls ran out (never in server mode: the server calls).
            snapshot.quota.budgetMode &&
            snapshot.connection.kind !== 'server' && (
              <span className="badge badge-warn">{t('footer.budgetMode')}</span>
            )
          ))}
      </span>
      <span className="spacer" />
      <button type="button" className="icon-button" title={t('footer.doctor')} onClick={onDoctor}>
        <PulseIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        title={t('footer.settings')}
        onClick={onSettings}
      >
        <SettingsIcon />
      </button>
    </footer>
  );
}
