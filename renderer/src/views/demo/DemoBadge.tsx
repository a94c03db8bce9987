/**
 * The footer's DEMO mark, in demo mode only: a button that opens the demo
 * panel ("play the day", "leave demo"). Everything else is in the lazy demo
 * chunk, which also sets the popup's clock to the simulated one at once: the
 * popup judges 迟到 / 早退 and the punch windows by its own clock.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import { useI18n } from '../../i18n';

const demoChunk = () => import('./DemoPanel');
const DemoPanel = lazy(demoChunk);

export function DemoBadge({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const now = snapshot.demo?.now ?? null;
  useEffect(() => {
    void demoChunk().then((m) => m.followDemoClock(now));
    return () => void demoChunk().then((m) => m.followDemoClock(null));
  }, [now]);
  return (
    <>
      <button
        type="button"
        className="badge badge-demo"
        title={t('footer.demoTitle')}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('footer.demo')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <DemoPanel snapshot={snapshot} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
