/**
 * The header menu's items (a lazy chunk; the default export keeps the entry's
 * `lazy()` call small). Keys as in the WAI-ARIA menu pattern: ↑/↓ move and wrap,
 * Home/End, Escape closes and gives focus back to the button, Tab or a click
 * elsewhere closes it; choosing an item closes it and acts.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { View } from '../../../shared/contract';
import { lookup } from '../../../shared/i18n/core';
import type { MessageKey, ViewMessages } from '../../../shared/i18n/types';
import { call, useBridge } from '../bridge';
import { loadMessages, useI18n } from '../i18n';

type Item = View | 'quit';

/** Each item is named by the title of what it opens (the sub-views' strings, not Today's). */
const ITEMS: ReadonlyArray<readonly [Item, MessageKey]> = [
  ['settings', 'settings.title'],
  ['doctor', 'doctor.title'],
  ['history', 'history.title'],
  ['about', 'about.title'],
  ['guide', 'guide.title'],
  ['quit', 'settings.quit'],
];

interface Props {
  onNavigate(view: View): void;
  onClose(): void;
}

export default function HeaderMenuList({ onNavigate, onClose }: Props) {
  const { t, language } = useI18n();
  const bridge = useBridge();
  const menu = useRef<HTMLUListElement>(null);
  // The labels are sub-view strings: loaded with the menu, so Today's start carries none of them.
  const [strings, setStrings] = useState<ViewMessages | null>(null);
  useEffect(() => {
    void loadMessages(language, 'views').then((m) => setStrings(m as ViewMessages));
  }, [language]);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
  /** The menu button: the element right before the menu. */
  const button = () => menu.current?.previousElementSibling as HTMLElement | null | undefined;

  // Today re-renders on every pushed snapshot: the latest onClose, without re-running the effect.
  const close = useRef(onClose);
  close.current = onClose;

  // Once its labels are there: focus the first item; a press outside the menu and its button
  // closes it (the button toggles it itself).
  useEffect(() => {
    if (!strings) return;
    items()[0]?.focus();
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button()?.contains(target)) close.current();
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [strings]);

  const onKeyDown = (e: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: all.length - 1,
    };
    if (e.key === 'Escape') {
      // Consumed here (App's Escape would hide the popup); focus goes back to the menu's button.
      e.preventDefault();
      button()?.focus();
      onClose();
    } else if (e.key === 'Tab') {
      onClose();
    } else if (e.key in move) {
      e.preventDefault();
      all[((move[e.key] ?? 0) + all.length) % all.length]?.focus();
    }
  };

  const choose = (item: Item) => {
    onClose();
    if (item === 'quit') void call(bridge, 'quit');
    else onNavigate(item);
  };

  if (!strings) return null;
  return (
    <ul ref={menu} className="menu" role="menu" aria-label={t('common.more')} onKeyDown={onKeyDown}>
      {ITEMS.map(([item, key]) => (
        <li key={item} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item === 'quit' ? 'menu-item menu-quit' : 'menu-item'}
            onClick={() => choose(item)}
          >
            {lookup(strings, key) ?? key}
          </button>
        </li>
      ))}
    </ul>
  );
}
