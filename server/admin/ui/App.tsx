/**
 * The console's frame: who is signed in (or the DingTalk sign-in), the
 * language switch, and one view at a time (health, quota, devices, punch
 * log, policies). A session that ends while the page is open brings the
 * sign-in back with a line saying why.
 */
import { useCallback, useEffect, useState } from 'react';
import type { UiLanguage } from '../../../shared/i18n/core';
import { api, setCsrfToken, whenSignedOut } from './api';
import type { MeReply } from './contract';
import { formatter, type Formatter } from './format';
import { I18nProvider, initialLanguage, loadI18n, saveLanguage, type AdminI18n } from './i18n';
import { DevicesView } from './views/Devices';
import { HealthView } from './views/Health';
import { PoliciesView } from './views/Policies';
import { PunchesView } from './views/Punches';
import { QuotaView } from './views/Quota';

const TABS = ['health', 'quota', 'devices', 'punches', 'policies'] as const;
type Tab = (typeof TABS)[number];

type Auth =
  { kind: 'loading' } | { kind: 'signedOut'; ended: boolean } | { kind: 'in'; me: MeReply };

export interface ViewProps {
  me: MeReply;
  format: Formatter;
}

export function App() {
  const [language, setLanguage] = useState<UiLanguage>(initialLanguage);
  const [i18n, setI18n] = useState<AdminI18n | null>(null);
  const [auth, setAuth] = useState<Auth>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>(() => {
    const hash = location.hash.slice(1);
    return (TABS as readonly string[]).includes(hash) ? (hash as Tab) : 'health';
  });

  useEffect(() => {
    let live = true;
    void loadI18n(language).then((loaded) => {
      if (!live) return;
      setI18n(loaded);
      document.documentElement.lang = language;
    });
    return () => {
      live = false;
    };
  }, [language]);

  const loadMe = useCallback(async () => {
    try {
      const me = await api<MeReply>('GET', '/me');
      setCsrfToken(me.csrfToken);
      setAuth({ kind: 'in', me });
    } catch {
      // 401 (no session) or 403 (taken off the list): the sign-in page says what to do.
      setAuth({ kind: 'signedOut', ended: false });
    }
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(null);
      setAuth({ kind: 'signedOut', ended: true });
    });
    void loadMe();
  }, [loadMe]);

  useEffect(() => {
    if (i18n) document.title = i18n.t('app.title');
  }, [i18n]);

  if (!i18n || auth.kind === 'loading') {
    return <p className="loading">{i18n?.t('app.loading') ?? '…'}</p>;
  }
  const { t } = i18n;
  const switchLanguage = () => {
    const next = language === 'zh-CN' ? 'en' : 'zh-CN';
    saveLanguage(next);
    setLanguage(next);
  };
  const languageButton = (
    <button
      type="button"
      className="link-button"
      onClick={switchLanguage}
      lang={language === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t('app.language')}
    </button>
  );

  if (auth.kind === 'signedOut') {
    return (
      <I18nProvider value={i18n}>
        <main className="sign-in">
          <div className="card sign-in-card">
            <h1>{t('signIn.title')}</h1>
            {auth.ended && (
              <p className="notice notice-warn" role="status">
                {t('app.sessionEnded')}
              </p>
            )}
            <p>{t('signIn.intro')}</p>
            <a className="button primary" href="/admin/login" id="sign-in">
              {t('signIn.button')}
            </a>
            <p className="sign-in-language">{languageButton}</p>
          </div>
        </main>
      </I18nProvider>
    );
  }

  const { me } = auth;
  const format = formatter(i18n.locale, me.timeZone);
  const signOut = async () => {
    await api('POST', '/logout').catch(() => undefined);
    setCsrfToken(null);
    setAuth({ kind: 'signedOut', ended: false });
  };
  const open = (next: Tab) => {
    setTab(next);
    history.replaceState(null, '', `#${next}`);
  };
  const props: ViewProps = { me, format };
  return (
    <I18nProvider value={i18n}>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <nav className="tabs" aria-label={t('app.title')}>
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              className={`tab ${tab === id ? 'tab-on' : ''}`}
              aria-current={tab === id ? 'page' : undefined}
              onClick={() => open(id)}
            >
              {t(`nav.${id}`)}
            </button>
          ))}
        </nav>
        <span className="who">
          {t('app.signedInAs', { name: me.user.name ?? me.user.userId, userId: me.user.userId })}
        </span>
        {languageButton}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('app.signOut')}
        </button>
      </header>
      <main className="content">
        {tab === 'health' && <HealthView {...props} />}
        {tab === 'quota' && <QuotaView {...props} />}
        {tab === 'devices' && <DevicesView {...props} />}
        {tab === 'punches' && <PunchesView {...props} />}
        {tab === 'policies' && <PoliciesView {...props} />}
      </main>
    </I18nProvider>
  );
}
