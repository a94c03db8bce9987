/**
 * Step 1: how this computer reaches DingTalk. First a choice, in this order:
 * the company server (recommended; type its address or import IT's file), the
 * direct connection (this computer holds the app's secret, said plainly), or
 * demo. A provisioning file dropped anywhere on the window is imported from
 * every one of these screens; a server file (version 2) leads to the sign-in.
 */
import type { Snapshot } from '../../../../shared/contract';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { DirectConnect } from './DirectConnect';
import { ServerAddress } from './ServerAddress';
import { useImport } from './useImport';

export type ConnectPath = 'choose' | 'server' | 'direct';

interface Props {
  path: ConnectPath;
  onPath(path: ConnectPath): void;
  onSnapshot(snapshot: Snapshot): void;
  onDemo(): void;
  /** The address to start from (changing the server from the sign-in step). */
  server: string | null;
}

export function ConnectStep({ path, onPath, onSnapshot, onDemo, server }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const importer = useImport(onSnapshot);
  const { busy, dragging } = importer;

  const demo = async () => {
    const r = await importer.run(() => call(bridge, 'startDemo'));
    if (r.ok) onDemo();
  };

  return (
    <div className={`connect${dragging ? ' dragging' : ''}`} aria-busy={busy}>
      {path === 'choose' && (
        <>
          <p className="intro">{t('onboarding.chooseIntro')}</p>
          <button
            type="button"
            className="option option-recommended"
            disabled={busy}
            onClick={() => onPath('server')}
          >
            <span className="option-title">
              {t('onboarding.serverOption')}
              <span className="badge badge-ok">{t('onboarding.recommended')}</span>
            </span>
            <span className="option-body">{t('onboarding.serverOptionBody')}</span>
          </button>
          <button type="button" className="option" disabled={busy} onClick={() => onPath('direct')}>
            <span className="option-title">{t('onboarding.directOption')}</span>
            <span className="option-body">{t('onboarding.directOptionBody')}</span>
          </button>
          <div className="button-row">
            <span className="dropzone-hint">
              {dragging ? t('onboarding.dropRelease') : t('onboarding.dropHint')}
            </span>
            <span className="spacer" />
            <button type="button" className="link" disabled={busy} onClick={() => void demo()}>
              {t('onboarding.tryDemo')}
            </button>
          </div>
        </>
      )}
      {path === 'server' && <ServerAddress importer={importer} initial={server ?? ''} />}
      {path === 'direct' && <DirectConnect importer={importer} />}
      {importer.dropProblem && (
        <p className="field-error" role="alert">
          {t('onboarding.notJson')}
        </p>
      )}
      {importer.error && <ErrorNotice error={importer.error} />}
    </div>
  );
}
