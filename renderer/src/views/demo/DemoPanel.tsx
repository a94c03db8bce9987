/**
 * Demo mode's panel above the footer: the simulated time, "play the day"
 * (the next moment of the demo day, named with its time) and a plain "Leave
 * demo" back to setup step 1 (nothing to delete: demo mode holds no
 * credential). Loaded only in demo mode, with the sub-views' strings.
 */
import { useEffect, useState } from 'react';
import type { Snapshot } from '../../../../shared/contract';
import { interpolate, lookup, type Vars } from '../../../../shared/i18n/core';
import type { MessageKey } from '../../../../shared/i18n/types';
import { call, useBridge } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { useFormat } from '../../components/useFormat';
import { loadMessages, useI18n, type T } from '../../i18n';
import type { AppErrorPayload } from '../../../../shared/errors';

export { followDemoClock } from './clock';

/** The home `t`, with the sub-views' strings (Today does not load them). */
function useViewStrings(): T | null {
  const { language, t, views } = useI18n();
  const [strings, setStrings] = useState<object | null>(null);
  useEffect(() => {
    if (views) return;
    let live = true;
    void loadMessages(language, 'views').then((m) => live && setStrings(m));
    return () => {
      live = false;
    };
  }, [language, views]);
  if (views) return t;
  if (!strings) return null;
  return (key: MessageKey, vars?: Vars) => {
    const template = lookup(strings, key);
    return template === undefined ? t(key, vars) : interpolate(template, vars);
  };
}

export default function DemoPanel({ snapshot, onClose }: { snapshot: Snapshot; onClose(): void }) {
  const bridge = useBridge();
  const t = useViewStrings();
  const format = useFormat(snapshot);
  const [busy, setBusy] = useState<'play' | 'leave' | null>(null);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const demo = snapshot.demo;
  if (!t || !demo) return null;

  const run = async (what: 'play' | 'leave') => {
    setBusy(what);
    setError(null);
    // The new snapshot arrives as an event too (main pushes every change).
    const r = await call(bridge, what === 'play' ? 'demoPlay' : 'leaveDemo');
    setBusy(null);
    if (!r.ok) setError(r.error);
    else if (what === 'leave') onClose();
  };

  return (
    <section className="demo-panel" aria-label={t('demo.title')}>
      <p className="demo-now">
        <strong>{t('demo.title')}</strong>
        <span>{t('demo.now', { time: format.time(demo.now) })}</span>
      </p>
      <p className="demo-intro">{t('demo.intro')}</p>
      {error && <ErrorNotice error={error} />}
      <div className="button-row">
        <button
          type="button"
          className="button primary-action"
          disabled={busy !== null}
          aria-busy={busy === 'play'}
          onClick={() => void run('play')}
        >
          {busy === 'play' && <Spinner />}
          {t('demo.play', {
            time: format.time(demo.next.at),
            moment: t(`demo.moment.${demo.next.moment}`),
          })}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run('leave')}
        >
          {t('demo.leave')}
        </button>
        <button type="button" className="link" onClick={onClose}>
          {t('demo.close')}
        </button>
      </div>
    </section>
  );
}
