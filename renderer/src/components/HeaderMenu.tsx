/**
 * The "…" button in Today's header, as menu-bar apps have (WAI-ARIA menu
 * button). Only the button is on the popup's start path; the menu itself is a
 * chunk loaded on first open.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import type { View } from '../../../shared/contract';
import { useI18n } from '../i18n';
import { MoreIcon } from './icons';

const MenuList = lazy(() => import('./HeaderMenuList'));

/** Which item takes focus when the menu opens: the first (click, Enter, ↓) or the last (↑). */
export type MenuStart = 'first' | 'last';

export function HeaderMenu({ onNavigate }: { onNavigate(view: View): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<MenuStart | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="menu-wrap">
      <button
        ref={button}
        type="button"
        id="menu-button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? 'menu' : undefined}
        aria-label={t('common.more')}
        title={t('common.more')}
        onClick={() => setOpen(open ? null : 'first')}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          setOpen(e.key === 'ArrowUp' ? 'last' : 'first');
        }}
      >
        <MoreIcon />
      </button>
      {open && (
        <Suspense fallback={null}>
          <MenuList
            start={open}
            onNavigate={onNavigate}
            onClose={(refocus) => {
              setOpen(null);
              if (refocus) button.current?.focus();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
