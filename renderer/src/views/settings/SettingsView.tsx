/**
 * Settings in four groups (General, Reminders, Working hours, Advanced) behind
 * a segmented control. Every group stays mounted (the others hidden), so a
 * half-typed value or an error under a field survives a look at another group
 * and a language switch.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import { ViewHeader } from '../../components/ViewHeader';
import { useI18n } from '../../i18n';
import { AdvancedGroup } from './AdvancedGroup';
import { GeneralGroup } from './GeneralGroup';
import { GROUPS, GroupTabs, panelId, tabId, type Group } from './GroupTabs';
import { HoursGroup } from './HoursGroup';
import { RemindersGroup } from './RemindersGroup';
import { useSaver } from './save';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
  onBack(): void;
}

export function SettingsView({ snapshot, onSnapshot, onBack }: Props) {
  const { t } = useI18n();
  const base = useId();
  const [group, setGroup] = useState<Group>('general');
  const body = useRef<HTMLDivElement>(null);
  const saver = useSaver(onSnapshot);
  const select = (next: Group) => {
    setGroup(next);
    body.current?.scrollTo({ top: 0 });
  };
  const panels: Record<Group, ReactNode> = {
    general: <GeneralGroup snapshot={snapshot} saver={saver} onSnapshot={onSnapshot} />,
    reminders: <RemindersGroup snapshot={snapshot} saver={saver} />,
    hours: <HoursGroup snapshot={snapshot} saver={saver} />,
    advanced: <AdvancedGroup snapshot={snapshot} saver={saver} onSnapshot={onSnapshot} />,
  };
  return (
    <div className="view settings">
      <ViewHeader title={t('settings.title')} onBack={onBack} />
      <div className="view-body" ref={body}>
        <GroupTabs base={base} current={group} onSelect={select} />
        {GROUPS.map((g) => (
          <div
            key={g}
            role="tabpanel"
            id={panelId(base, g)}
            aria-labelledby={tabId(base, g)}
            className="settings-panel"
            hidden={g !== group}
          >
            {panels[g]}
          </div>
        ))}
      </div>
    </div>
  );
}
