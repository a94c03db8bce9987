/**
 * The quiet bottom line: demo and offline marks, the company server's event
 * stream retrying. Call counts are the doctor's business; the footer speaks
 * only when they change what the employee sees. Settings and the doctor are in
 * the header's "…" menu (and the tray's), not here twice.
 */
import type { Snapshot } from '../../../../shared/contract';
import { useI18n } from '../../i18n';
import { DemoBadge } from '../demo/DemoBadge';

export function Footer({ snapshot }: { snapshot: Snapshot | null }) {
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
    </footer>
  );
}
