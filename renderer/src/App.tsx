/**
 * The popup: holds the latest snapshot pushed by main, picks the view, and
 * applies language and theme. Views get the snapshot and report replies back.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DakaBridge, Snapshot, View } from '../../shared/contract';
import type { AppErrorPayload } from '../../shared/errors';
import { resolveLanguage } from '../../shared/i18n/core';
import type { DoctorReport } from '../../shared/model';
import { BridgeProvider, call } from './bridge';
import { I18nProvider, useLoadedI18n, type LoadMessages } from './i18n';
import { TodayView } from './views/today/TodayView';

// Only Today is on the startup path; the other views load when first opened.
const SettingsView = lazy(() =>
  import('./views/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
);
const DoctorView = lazy(() =>
  import('./views/doctor/DoctorView').then((m) => ({ default: m.DoctorView })),
);
const Onboarding = lazy(() =>
  import('./views/onboarding/Onboarding').then((m) => ({ default: m.Onboarding })),
);
const HistoryView = lazy(() =>
  import('./views/history/HistoryView').then((m) => ({ default: m.HistoryView })),
);
// Default exports: no `.then` to pick a named one (bytes on the start path).
const AboutView = lazy(() => import('./views/about/AboutView'));
const GuideView = lazy(() => import('./views/guide/GuideView'));

export interface AppProps {
  bridge: DakaBridge;
  loadMessages: LoadMessages;
  /** navigator.language, for the 'system' language setting. */
  systemLocale: string;
}

/**
 * Nothing works before credentials and an identity (demo mode brings its own).
 * A company server that ended this device's session is not a new setup:
 * Today says why and signs in again in place.
 */
export function needsOnboarding(snapshot: Snapshot): boolean {
  if (snapshot.mode === 'unconfigured') return true;
  const { connection } = snapshot;
  if (connection.kind === 'server' && connection.signedOutReason) return false;
  return snapshot.identity === null;
}

/** The view to show: sub-views need a snapshot; setup comes first (the doctor and the guide may help). */
export function currentView(view: View, snapshot: Snapshot | null): View {
  const free = view === 'doctor' || view === 'guide';
  if (!snapshot) return free ? view : 'today';
  if (needsOnboarding(snapshot) && !free) return 'onboarding';
  return view;
}

export function App({ bridge, loadMessages, systemLocale }: AppProps) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [loadError, setLoadError] = useState<AppErrorPayload | null>(null);
  const [view, setView] = useState<View>('today');
  const [report, setReport] = useState<DoctorReport | null>(null);
  const received = useRef(false);

  const apply = useCallback((next: Snapshot) => {
    received.current = true;
    setSnapshot(next);
    setLoadError(null);
    if (needsOnboarding(next)) setView('onboarding');
  }, []);

  useEffect(() => {
    const offSnapshot = bridge.on('snapshot', apply);
    const offNavigate = bridge.on('navigate', ({ view: target }) => setView(target));
    void call(bridge, 'getSnapshot').then((r) => {
      // A pushed snapshot may have overtaken this reply; the newer one wins.
      if (received.current) return;
      if (r.ok) apply(r.value);
      else setLoadError(r.error);
    });
    return () => {
      offSnapshot();
      offNavigate();
    };
  }, [bridge, apply]);

  const current = currentView(view, snapshot);
  const language = resolveLanguage(snapshot?.settings.ui.language ?? 'system', systemLocale);
  const theme = snapshot?.settings.ui.theme ?? 'system';
  const i18n = useLoadedI18n(loadMessages, language, current !== 'today');

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dataset.theme = theme;
  }, [language, theme]);

  // Escape closes the popup from the home view and steps back from any other view.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      if (current === 'today' || current === 'onboarding') void call(bridge, 'hidePopup');
      else setView('today');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bridge, current]);

  // A file dropped anywhere must never navigate the popup away; onboarding imports it.
  useEffect(() => {
    const block = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);

  // One main landmark around every view (axe: landmark-one-main, region).
  if (!i18n) return <main className="app" aria-busy="true" />;

  const home = () => setView('today');
  const waiting = <div className="view" aria-busy="true" />;
  const body = (): ReactNode => {
    if (current === 'today') {
      return (
        <TodayView
          snapshot={snapshot}
          loadError={loadError}
          onSnapshot={apply}
          onNavigate={setView}
        />
      );
    }
    // Sub-views wait for their strings (a chunk of their own).
    if (!i18n.views) return waiting;
    if (current === 'doctor') {
      return (
        <DoctorView
          snapshot={snapshot}
          report={report}
          onReport={setReport}
          onBack={home}
          onHelp={() => setView('guide')}
        />
      );
    }
    if (current === 'guide') return <GuideView onBack={home} />;
    if (!snapshot) return waiting;
    if (current === 'history') return <HistoryView snapshot={snapshot} onBack={home} />;
    if (current === 'settings') {
      return <SettingsView snapshot={snapshot} onSnapshot={apply} onBack={home} />;
    }
    if (current === 'about') {
      return <AboutView snapshot={snapshot} onSnapshot={apply} onBack={home} />;
    }
    return (
      <Onboarding
        snapshot={snapshot}
        report={report}
        onReport={setReport}
        onSnapshot={apply}
        onDone={home}
        onDoctor={() => setView('doctor')}
      />
    );
  };
  return (
    <BridgeProvider value={bridge}>
      <I18nProvider value={i18n}>
        <main className="app">
          <Suspense fallback={waiting}>{body()}</Suspense>
        </main>
      </I18nProvider>
    </BridgeProvider>
  );
}
