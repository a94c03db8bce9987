/**
 * First run: connect (company server, direct, or demo), confirm who the
 * employee is (DingTalk sign-in through the server, or the direct ways), then
 * test the connection before finishing. The step follows from the snapshot,
 * so main stays the source of truth; which way of connecting is being looked
 * at, and going back to it, stay here and delete nothing.
 */
import { useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import type { DoctorReport } from '../../../../shared/model';
import { useI18n } from '../../i18n';
import { ViewHeader } from '../../components/ViewHeader';
import { CheckStep } from './CheckStep';
import { ConnectStep, type ConnectPath } from './ConnectStep';
import { IdentityStep } from './IdentityStep';
import { ServerSignIn } from './ServerSignIn';
import { UnreadableSecretsNotice } from '../settings/SecretStorageNotice';

export type Step = 'connect' | 'identity' | 'check';
const STEPS: readonly Step[] = ['connect', 'identity', 'check'];
const STEP_LABEL = {
  connect: 'onboarding.stepConnect',
  identity: 'onboarding.stepIdentity',
  check: 'onboarding.stepCheck',
} as const;
const CONNECT_TITLE = {
  choose: 'onboarding.connectTitle',
  server: 'onboarding.serverTitle',
  direct: 'onboarding.directTitle',
} as const;

export function onboardingStep(snapshot: Snapshot): Step {
  if (snapshot.mode === 'unconfigured') return 'connect';
  return snapshot.identity ? 'check' : 'identity';
}

interface Props {
  snapshot: Snapshot;
  report: DoctorReport | null;
  onReport(report: DoctorReport): void;
  onSnapshot(snapshot: Snapshot): void;
  onDone(): void;
  onDoctor(): void;
}

export function Onboarding({ snapshot, report, onReport, onSnapshot, onDone, onDoctor }: Props) {
  const { t } = useI18n();
  const [path, setPath] = useState<ConnectPath>('choose');
  /**
   * Back from the sign-in to step 1 (the server's address, or the direct credentials):
   * main keeps what it has until something new is set, so going back deletes nothing.
   */
  const [changingServer, setChangingServer] = useState(false);
  const serverMode = snapshot.connection.kind === 'server';
  const derived = onboardingStep(snapshot);
  const step: Step = derived === 'identity' && changingServer ? 'connect' : derived;
  const shownPath: ConnectPath = changingServer ? (serverMode ? 'server' : 'direct') : path;

  const applied = (next: Snapshot) => {
    setChangingServer(false);
    onSnapshot(next);
  };

  let title: string;
  let back: (() => void) | undefined;
  if (step === 'connect') {
    title = t(CONNECT_TITLE[shownPath]);
    if (changingServer) back = () => setChangingServer(false);
    else if (path !== 'choose') back = () => setPath('choose');
  } else if (step === 'identity') {
    title = t(serverMode ? 'onboarding.signInTitle' : 'onboarding.identityTitle');
    back = () => setChangingServer(true);
  } else {
    title = t('onboarding.checkTitle');
  }

  return (
    <div className="view onboarding">
      <ViewHeader key={`${step}-${shownPath}`} title={title} onBack={back} />
      {/* Each step by name, not only its number (the current one is marked for screen readers). */}
      <ol className="steps" aria-label={t('onboarding.steps')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={s === step ? 'step-current' : i < STEPS.indexOf(step) ? 'step-done' : ''}
            aria-current={s === step ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              <span>{i + 1}</span>
            </span>
            <span className="step-name">{t(STEP_LABEL[s])}</span>
          </li>
        ))}
      </ol>
      <div className="view-body">
        {/* Setup may show because saved credentials could not be read: say so before any field. */}
        <UnreadableSecretsNotice snapshot={snapshot} onSnapshot={onSnapshot} />
        {step === 'connect' && (
          <ConnectStep
            path={shownPath}
            onPath={setPath}
            onSnapshot={applied}
            onDemo={onDone}
            server={changingServer && serverMode ? snapshot.connection.server : null}
          />
        )}
        {step === 'identity' && serverMode && (
          <ServerSignIn
            snapshot={snapshot}
            onSnapshot={onSnapshot}
            onChangeServer={() => setChangingServer(true)}
            onDoctor={onDoctor}
          />
        )}
        {step === 'identity' && !serverMode && (
          <IdentityStep snapshot={snapshot} onSnapshot={onSnapshot} onDoctor={onDoctor} />
        )}
        {step === 'check' && (
          <CheckStep snapshot={snapshot} report={report} onReport={onReport} onDone={onDone} />
        )}
      </div>
    </div>
  );
}
