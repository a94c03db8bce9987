/**
 * Settings → Working hours: the fallback schedule Daka reminds by when DingTalk
 * has none for the employee. An off duty before on duty is a night shift.
 */
import type { Snapshot } from '../../../../shared/contract';
import { useI18n } from '../../i18n';
import { Section, TextSetting, Toggle } from './fields';
import type { Saver } from './save';
import { endsNextDay, parseHours } from './validate';
import { WeekdayPicker } from './WeekdayPicker';

export function HoursGroup({ snapshot, saver }: { snapshot: Snapshot; saver: Saver }) {
  const { t } = useI18n();
  const { update } = saver;
  const { onDuty, offDuty, workdays, useChineseHolidays } = snapshot.settings.fallbackSchedule;
  return (
    <Section title={t('settings.fallback')}>
      <p className="field-hint">{t('settings.fallbackHint')}</p>
      <TextSetting
        setting="fallbackSchedule.onDuty"
        className="field-inline"
        label={t('settings.onDutyTime')}
        value={onDuty}
        parse={(text) => parseHours(text, offDuty)}
        commit={(value) => update({ fallbackSchedule: { onDuty: value } })}
      />
      <TextSetting
        setting="fallbackSchedule.offDuty"
        className="field-inline"
        label={t('settings.offDutyTime')}
        value={offDuty}
        note={endsNextDay(onDuty, offDuty) ? t('settings.nightShift', { time: offDuty }) : null}
        parse={(text) => parseHours(text, onDuty)}
        commit={(value) => update({ fallbackSchedule: { offDuty: value } })}
      />
      <WeekdayPicker
        value={workdays}
        commit={(days) => update({ fallbackSchedule: { workdays: days } })}
      />
      <Toggle
        setting="fallbackSchedule.useChineseHolidays"
        label={t('settings.chineseHolidays')}
        checked={useChineseHolidays}
        commit={(value) => update({ fallbackSchedule: { useChineseHolidays: value } })}
      />
    </Section>
  );
}
