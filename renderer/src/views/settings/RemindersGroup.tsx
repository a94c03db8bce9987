/** Settings → Reminders: when Daka reminds, how it insists, and a test notification. */
import type { Snapshot } from '../../../../shared/contract';
import { useI18n } from '../../i18n';
import { Section, TextSetting, Toggle } from './fields';
import type { Saver } from './save';
import { TestReminder } from './TestReminder';
import { parseWhole, type Limited } from './validate';

type ReminderMinutes =
  Extract<Limited, `reminders.${string}`> extends `reminders.${infer K}` ? K : never;

export function RemindersGroup({ snapshot, saver }: { snapshot: Snapshot; saver: Saver }) {
  const { t } = useI18n();
  const { reminders } = snapshot.settings;
  const { update } = saver;
  const whole = (key: ReminderMinutes, label: string) => (
    <TextSetting
      setting={`reminders.${key}`}
      className="field-inline"
      label={label}
      value={String(reminders[key])}
      parse={(text) => parseWhole(text, `reminders.${key}`)}
      commit={(value) => update({ reminders: { [key]: value } })}
      numeric
    />
  );
  return (
    <>
      <Section title={t('settings.remindWhen')}>
        <Toggle
          setting="reminders.atLogin"
          label={t('settings.atLogin')}
          checked={reminders.atLogin}
          commit={(atLogin) => update({ reminders: { atLogin } })}
        />
        <Toggle
          setting="reminders.onResume"
          label={t('settings.onResume')}
          checked={reminders.onResume}
          commit={(onResume) => update({ reminders: { onResume } })}
        />
        {whole('beforeOnDutyMinutes', t('settings.beforeOnDuty'))}
        {whole('afterOffDutyMinutes', t('settings.afterOffDuty'))}
        {whole('snoozeMinutes', t('settings.snooze'))}
      </Section>
      <Section title={t('settings.forgotOffDuty')}>
        {whole('offDutyEscalations', t('settings.escalations'))}
        {whole('escalationIntervalMinutes', t('settings.escalationInterval'))}
      </Section>
      <Section title={t('settings.notifications')}>
        <p className="field-hint">{t('settings.notificationsHint')}</p>
        <TestReminder />
      </Section>
    </>
  );
}
