/** Settings → Advanced: punch rules, time zone and call cap, the receipts robot, secrets, maintenance. */
import type { Snapshot } from '../../../../shared/contract';
import { DEFAULT_TIME_ZONE } from '../../../../shared/time';
import { call, useBridge } from '../../bridge';
import { useI18n } from '../../i18n';
import { Section, TextSetting, Toggle } from './fields';
import { RobotSecret, RobotToken } from './RobotSecret';
import type { Saver } from './save';
import { SecretStorageNotice } from './SecretStorageNotice';
import { parseTimeZone, parseWhole } from './validate';

interface Props {
  snapshot: Snapshot;
  saver: Saver;
  onSnapshot(snapshot: Snapshot): void;
}

export function AdvancedGroup({ snapshot, saver, onSnapshot }: Props) {
  const bridge = useBridge();
  const { t } = useI18n();
  const { settings } = snapshot;
  const { update } = saver;
  const zone = snapshot.today?.timeZone ?? DEFAULT_TIME_ZONE;
  return (
    <>
      <Section title={t('settings.punching')}>
        <TextSetting
          setting="punch.duplicateGuardMinutes"
          className="field-inline"
          label={t('settings.duplicateGuard')}
          value={String(settings.punch.duplicateGuardMinutes)}
          parse={(text) => parseWhole(text, 'punch.duplicateGuardMinutes')}
          commit={(duplicateGuardMinutes) => update({ punch: { duplicateGuardMinutes } })}
          numeric
        />
        <TextSetting
          setting="timeZone"
          label={t('settings.timeZone')}
          hint={t('settings.timeZoneHint', { zone })}
          placeholder={zone}
          value={settings.timeZone ?? ''}
          parse={parseTimeZone}
          commit={(timeZone) => update({ timeZone })}
        />
        <TextSetting
          setting="quota.monthlyCap"
          className="field-inline"
          label={t('settings.monthlyCap')}
          hint={t('settings.monthlyCapHint')}
          value={String(settings.quota.monthlyCap)}
          parse={(text) => parseWhole(text, 'quota.monthlyCap')}
          commit={(monthlyCap) => update({ quota: { monthlyCap } })}
          numeric
        />
      </Section>

      <Section title={t('settings.receipts')}>
        <Toggle
          setting="receipts.enabled"
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
    </>
  );
}
