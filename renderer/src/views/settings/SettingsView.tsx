/** Settings: reminders, general preferences, the receipts robot, secrets and the account. */
import type { Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { SettingsPatch } from '../../../../shared/settings';
import { DEFAULT_TIME_ZONE } from '../../../../shared/time';
import { call, useBridge } from '../../bridge';
import { ViewHeader } from '../../components/ViewHeader';
import { useI18n } from '../../i18n';
import { AccountSection } from './AccountSection';
import { Section, Select, TextSetting, Toggle, type Commit } from './fields';
import { RobotSecret, RobotToken } from './RobotSecret';
import { SecretStorageNotice } from './SecretStorageNotice';
import { parseClock, parseMinutes, parseShortcut, parseTimeZone } from './validate';
import { WeekdayPicker } from './WeekdayPicker';

interface Props {
  snapshot: Snapshot;
  onSnapshot(snapshot: Snapshot): void;
  onBack(): void;
}

export function SettingsView({ snapshot, onSnapshot, onBack }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const { settings } = snapshot;

  /** A save's reply: the new snapshot, or the refusal for the field to show. */
  const settle = (r: { ok: true; value: Snapshot } | { ok: false; error: AppErrorPayload }) => {
    if (!r.ok) return r.error;
    onSnapshot(r.value);
    return null;
  };
  const update = async (patch: SettingsPatch) =>
    settle(await call(bridge, 'updateSettings', patch));
  const minutes =
    (key: 'beforeOnDutyMinutes' | 'afterOffDutyMinutes' | 'snoozeMinutes'): Commit<number> =>
    (value) =>
      update({ reminders: { [key]: value } });

  return (
    <div className="view settings">
      <ViewHeader title={t('settings.title')} onBack={onBack} />
      <div className="view-body">
        <Section title={t('settings.reminders')}>
          <TextSetting
            className="field-inline"
            label={t('settings.beforeOnDuty')}
            value={String(settings.reminders.beforeOnDutyMinutes)}
            parse={(text) => parseMinutes(text, 0, 120)}
            commit={minutes('beforeOnDutyMinutes')}
            numeric
          />
          <TextSetting
            className="field-inline"
            label={t('settings.afterOffDuty')}
            value={String(settings.reminders.afterOffDutyMinutes)}
            parse={(text) => parseMinutes(text, 0, 240)}
            commit={minutes('afterOffDutyMinutes')}
            numeric
          />
          <TextSetting
            className="field-inline"
            label={t('settings.snooze')}
            value={String(settings.reminders.snoozeMinutes)}
            parse={(text) => parseMinutes(text, 1, 120)}
            commit={minutes('snoozeMinutes')}
            numeric
          />
          <TextSetting
            className="field-inline"
            label={t('settings.escalations')}
            value={String(settings.reminders.offDutyEscalations)}
            parse={(text) => parseMinutes(text, 0, 5)}
            commit={(offDutyEscalations) => update({ reminders: { offDutyEscalations } })}
            numeric
          />
          <TextSetting
            className="field-inline"
            label={t('settings.duplicateGuard')}
            value={String(settings.punch.duplicateGuardMinutes)}
            parse={(text) => parseMinutes(text, 0, 240)}
            commit={(duplicateGuardMinutes) => update({ punch: { duplicateGuardMinutes } })}
            numeric
          />
          <Toggle
            label={t('settings.atLogin')}
            checked={settings.reminders.atLogin}
            commit={(atLogin) => update({ reminders: { atLogin } })}
          />
        </Section>

        <Section title={t('settings.fallback')}>
          <p className="field-hint">{t('settings.fallbackHint')}</p>
          <TextSetting
            className="field-inline"
            label={t('settings.onDutyTime')}
            value={settings.fallbackSchedule.onDuty}
            parse={parseClock}
            commit={(onDuty) => update({ fallbackSchedule: { onDuty } })}
          />
          <TextSetting
            className="field-inline"
            label={t('settings.offDutyTime')}
            value={settings.fallbackSchedule.offDuty}
            parse={parseClock}
            commit={(offDuty) => update({ fallbackSchedule: { offDuty } })}
          />
          <WeekdayPicker
            value={settings.fallbackSchedule.workdays}
            commit={(workdays) => update({ fallbackSchedule: { workdays } })}
          />
          <Toggle
            label={t('settings.chineseHolidays')}
            checked={settings.fallbackSchedule.useChineseHolidays}
            commit={(useChineseHolidays) => update({ fallbackSchedule: { useChineseHolidays } })}
          />
        </Section>

        <Section title={t('settings.general')}>
          <Toggle
            label={t('settings.startAtLogin')}
            checked={snapshot.startAtLogin}
            commit={async (enabled) => settle(await call(bridge, 'setStartAtLogin', { enabled }))}
          />
          <Select
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
            label={t('settings.theme')}
            value={settings.ui.theme}
            options={[
              { value: 'system', label: t('settings.themeSystem') },
              { value: 'light', label: t('settings.themeLight') },
              { value: 'dark', label: t('settings.themeDark') },
            ]}
            commit={(theme) => update({ ui: { theme } })}
          />
          <TextSetting
            label={t('settings.shortcut')}
            hint={t('settings.shortcutHint')}
            value={settings.ui.globalShortcut ?? ''}
            parse={parseShortcut}
            commit={(globalShortcut) => update({ ui: { globalShortcut } })}
          />
          <TextSetting
            label={t('settings.timeZone')}
            hint={t('settings.timeZoneHint', {
              zone: snapshot.today?.timeZone ?? DEFAULT_TIME_ZONE,
            })}
            placeholder={snapshot.today?.timeZone ?? DEFAULT_TIME_ZONE}
            value={settings.timeZone ?? ''}
            parse={parseTimeZone}
            commit={(timeZone) => update({ timeZone })}
          />
          <TextSetting
            className="field-inline"
            label={t('settings.monthlyCap')}
            hint={t('settings.monthlyCapHint')}
            value={String(settings.quota.monthlyCap)}
            parse={(text) => parseMinutes(text, 1, 1_000_000)}
            commit={(monthlyCap) => update({ quota: { monthlyCap } })}
            numeric
          />
        </Section>

        <Section title={t('settings.receipts')}>
          <Toggle
            label={t('settings.receiptsEnabled')}
            checked={settings.receipts.enabled}
            commit={(enabled) => update({ receipts: { enabled } })}
          />
          <RobotToken isSet={snapshot.robotTokenSet} />
          <RobotSecret />
        </Section>

        <Section title={t('settings.security')}>
          <SecretStorageNotice snapshot={snapshot} onSnapshot={onSnapshot} />
        </Section>

        <AccountSection snapshot={snapshot} onSnapshot={onSnapshot} />

        <Section title={t('settings.maintenance')}>
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() => void call(bridge, 'openLogFolder')}
            >
              {t('settings.openLogs')}
            </button>
            <button type="button" className="button" onClick={() => void call(bridge, 'quit')}>
              {t('settings.quit')}
            </button>
          </div>
          <p className="version">{t('settings.version', { version: snapshot.version })}</p>
        </Section>
      </div>
    </div>
  );
}
