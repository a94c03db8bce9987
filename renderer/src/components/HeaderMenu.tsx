/**
 * The "…" button in Today's header, as menu-bar apps have (WAI-ARIA menu
 * button: Enter, Space or a click opens the menu on its first item). Only the
 * button is on the popup's start path; the menu is a chunk loaded on first open,
 * placed right after the button (styles.css positions it under the header).
 */
import { lazy, Suspense, useState } from 'react';
import type { View } from '../../../shared/contract';
import { useI18n } from '../i18n';
import { MoreIcon } from './icons';

const MenuList = lazy(() => import('./HeaderMenuList'));

export function HeaderMenu({ onNavigate }: { onNavigate(view: View): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('common.more')}
        onClick={() => setOpen(!open)}
      >
        <MoreIcon />
      </button>
      {open && (
        <Suspense>
          <MenuList onNavigate={onNavigate} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
