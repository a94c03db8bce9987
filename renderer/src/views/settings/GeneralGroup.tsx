/** Settings → General: language, appearance, start at login, the shortcut, the menu-bar title, the account. */
import type { Snapshot } from '../../../../shared/contract';
import { call, useBridge } from '../../bridge';
import { useI18n } from '../../i18n';
import { AccountSection } from './AccountSection';
import { Section, Select, Toggle } from './fields';
import { MenuBarTitle } from './MenuBarTitle';
import type { Saver } from './save';
import { ShortcutRecorder } from './ShortcutRecorder';

interface Props {
  snapshot: Snapshot;
  saver: Saver;
  onSnapshot(snapshot: Snapshot): void;
}

export function GeneralGroup({ snapshot, saver, onSnapshot }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const { settings } = snapshot;
  const { update, settle } = saver;
  return (
    <>
      <Section title={t('settings.appearance')}>
        <Select
          setting="ui.language"
          label={t('settings.language')}
          value={settings.ui.language}
          options={[
            { value: 'system', label: t('settings.languageSystem') },
            { value: 'zh-CN', label: t('settings.languageZh') },
            { value: 'en', label: t('settings.languageEn') },
          ]}
          commit={(language) => update({ ui: { language } })}
        />
        <Select
          setting="ui.theme"
          label={t('settings.theme')}
          value={settings.ui.theme}
          options={[
            { value: 'system', label: t('settings.themeSystem') },
            { value: 'light', label: t('settings.themeLight') },
            { value: 'dark', label: t('settings.themeDark') },
          ]}
          commit={(theme) => update({ ui: { theme } })}
        />
        <MenuBarTitle snapshot={snapshot} saver={saver} />
      </Section>
      <Section title={t('settings.startup')}>
        <Toggle
          label={t('settings.startAtLogin')}
          checked={snapshot.startAtLogin}
          commit={async (enabled) => settle(await call(bridge, 'setStartAtLogin', { enabled }))}
        />
        <ShortcutRecorder
          value={settings.ui.globalShortcut}
          platform={snapshot.platform}
          commit={(globalShortcut) => update({ ui: { globalShortcut } })}
        />
      </Section>
      <AccountSection snapshot={snapshot} onSnapshot={onSnapshot} />
    </>
  );
}
