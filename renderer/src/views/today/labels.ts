/** Translated names for DingTalk's open-ended values. */
import type { MessageKey } from '../../../../shared/i18n/types';
import type { Punch, TimeResult } from '../../../../shared/model';
import type { T } from '../../i18n';

const KNOWN_SOURCES = new Set([
  'ATM',
  'BEACON',
  'DING_ATM',
  'USER',
  'BOSS',
  'APPROVE',
  'SYSTEM',
  'AUTO_CHECK',
]);

/** Where a punch came from; punches this install uploaded say "Daka". Unknown kinds show as sent. */
export function sourceLabel(t: T, punch: Pick<Punch, 'source' | 'fromThisDevice'>): string {
  if (punch.fromThisDevice) return t('source.daka');
  return KNOWN_SOURCES.has(punch.source) ? t(`source.${punch.source}` as MessageKey) : punch.source;
}

export type Tone = 'ok' | 'warn' | 'bad';

/** Badge colour of a DingTalk result: late or early is a warning, anything missing is bad. */
export function resultTone(result: TimeResult): Tone {
  switch (result) {
    case 'Normal':
      return 'ok';
    case 'Late':
    case 'Early':
      return 'warn';
    default:
      return 'bad';
  }
}
