/**
 * `ui.menuBarTitle`: the text beside the tray icon in the macOS menu bar (off,
 * the time left until clocking out, or the next punch). Only macOS draws a
 * title there; the tray tooltip says the same on every OS whatever this is,
 * so on Windows and Linux there is nothing to choose and no field.
 */
import type { Snapshot } from '../../../../shared/contract';
import type { MessageKey } from '../../../../shared/i18n/types';
import type { Settings } from '../../../../shared/settings';
import { useI18n } from '../../i18n';
import { Select } from './fields';
import type { Saver } from './save';

type Title = Settings['ui']['menuBarTitle'];

/** Every value the schema has, in its order (a Record, so a new value is a type error here). */
const OPTIONS: Readonly<Record<Title, MessageKey>> = {
  off: 'settings.menuBarTitleOff',
  countdown: 'settings.menuBarTitleCountdown',
  nextPunch: 'settings.menuBarTitleNextPunch',
};

export function MenuBarTitle({ snapshot, saver }: { snapshot: Snapshot; saver: Saver }) {
  const { t } = useI18n();
  if (snapshot.platform !== 'darwin') return null;
  return (
    <Select
      setting="ui.menuBarTitle"
      label={t('settings.menuBarTitle')}
      value={snapshot.settings.ui.menuBarTitle}
      options={(Object.keys(OPTIONS) as Title[]).map((value) => ({
        value,
        label: t(OPTIONS[value]),
      }))}
      commit={(menuBarTitle) => saver.update({ ui: { menuBarTitle } })}
    />
  );
}
