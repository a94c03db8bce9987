/**
 * The settings groups as a segmented control (ARIA tabs): arrow keys, Home and
 * End move between them, the chosen one is the only tab stop. It wraps onto a
 * second line when the popup is narrow or zoomed, rather than scrolling sideways.
 */
import { useRef, type KeyboardEvent } from 'react';
import type { MessageKey } from '../../../../shared/i18n/types';
import { useI18n } from '../../i18n';

export const GROUPS = ['general', 'reminders', 'hours', 'advanced'] as const;
export type Group = (typeof GROUPS)[number];

const LABELS: Readonly<Record<Group, MessageKey>> = {
  general: 'settings.general',
  reminders: 'settings.reminders',
  hours: 'settings.hours',
  advanced: 'settings.advanced',
};

export const tabId = (base: string, group: Group) => `${base}-tab-${group}`;
export const panelId = (base: string, group: Group) => `${base}-panel-${group}`;

interface Props {
  base: string;
  current: Group;
  onSelect(group: Group): void;
}

export function GroupTabs({ base, current, onSelect }: Props) {
  const { t } = useI18n();
  const tabs = useRef(new Map<Group, HTMLButtonElement>());
  const go = (group: Group) => {
    onSelect(group);
    tabs.current.get(group)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = GROUPS.indexOf(current);
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowDown: 1,
      ArrowLeft: -1,
      ArrowUp: -1,
    };
    let next: Group | undefined;
    if (e.key in step) next = GROUPS[(at + (step[e.key] ?? 0) + GROUPS.length) % GROUPS.length];
    else if (e.key === 'Home') next = GROUPS[0];
    else if (e.key === 'End') next = GROUPS[GROUPS.length - 1];
    if (!next) return;
    e.preventDefault();
    go(next);
  };
  return (
    <div
      role="tablist"
      aria-label={t('settings.groups')}
      className="segmented"
      onKeyDown={onKeyDown}
    >
      {GROUPS.map((group) => (
        <button
          key={group}
          ref={(el) => {
            if (el) tabs.current.set(group, el);
            else tabs.current.delete(group);
          }}
          type="button"
          role="tab"
          id={tabId(base, group)}
          aria-controls={panelId(base, group)}
          aria-selected={group === current}
          tabIndex={group === current ? 0 : -1}
          onClick={() => onSelect(group)}
        >
          {t(LABELS[group])}
        </button>
      ))}
    </div>
  );
}
