/**
 * First run: connect the DingTalk app (provisioning file or AppKey/AppSecret),
 * confirm who the employee is, then test the connection before finishing.
 * The step follows from the snapshot, so main stays the source of truth.
 */
import type { Snapshot } from '../../../../shared/contract';
import type { DoctorReport } from '../../../../shared/model';
import { useI18n } from '../../i18n';
import { ViewHeader } from '../../components/ViewHeader';
import { CheckStep } from './CheckStep';
import { ConnectStep } from './ConnectStep';
import { IdentityStep } from './IdentityStep';

export type Step = 'connect' | 'identity' | 'check';
const STEPS: readonly Step[] = ['connect', 'identity', 'check'];
const STEP_LABEL = {
  connect: 'onboarding.stepConnect',
  identity: 'onboarding.stepIdentity',
  check: 'onboarding.stepCheck',
} as const;
const STEP_TITLE = {
  connect: 'onboarding.connectTitle',
  identity: 'onboarding.identityTitle',
  check: 'onboarding.checkTitle',
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
  const step = onboardingStep(snapshot);
  return (
    <div className="view onboarding">
      <ViewHeader key={step} title={t(STEP_TITLE[step])}>
        <ol className="steps" aria-label={t('onboarding.steps')}>
          {STEPS.map((s, i) => (
            <li
              key={s}
              className={s === step ? 'step-current' : i < STEPS.indexOf(step) ? 'step-done' : ''}
              aria-current={s === step ? 'step' : undefined}
            >
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              <span className="sr-only">{t(STEP_LABEL[s])}</span>
            </li>
          ))}
        </ol>
      </ViewHeader>
      <div className="view-body">
        {step === 'connect' && <ConnectStep onSnapshot={onSnapshot} onDemo={onDone} />}
        {step === 'identity' && (
          <IdentityStep snapshot={snapshot} onSnapshot={onSnapshot} onDoctor={onDoctor} />
        )}
        {step === 'check' && (
          <CheckStep snapshot={snapshot} report={report} onReport={onReport} onDone={onDone} />
        )}
      </div>
    </div>
  );
}
