/** A sub-view's title bar: back button and a heading that takes focus when the view opens. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { BackIcon } from './icons';

interface Props {
  title: string;
  onBack?: () => void;
  children?: ReactNode;
}

export function ViewHeader({ title, onBack, children }: Props) {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <header className="view-header">
      {onBack && (
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.back')}
          onClick={onBack}
        >
          <BackIcon />
        </button>
      )}
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </header>
  );
}

/** Moves focus to the element once, so screen readers announce the view that just opened. */
export function useFocusOnMount<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
