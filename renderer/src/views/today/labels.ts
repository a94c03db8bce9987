/** Translated names for DingTalk's open-ended values. */
import type { MessageKey } from '../../../../shared/i18n/types';
import type { Punch, TimeResult } from '../../../../shared/model';
import type { T } from '../../i18n';

/**
 * Where a punch came from; punches this install uploaded say "Daka". A kind without a
 * translation (DingTalk adds some now and then) shows as sent: `t` answers a missing key
 * with the key itself.
 */
export function sourceLabel(t: T, punch: Pick<Punch, 'source' | 'fromThisDevice'>): string {
  if (punch.fromThisDevice) return t('source.daka');
  const key = `source.${punch.source}` as MessageKey;
  const label = t(key);
  return label === key ? punch.source : label;
}

export type Tone = 'ok' | 'warn' | 'bad';

/** Badge colour of a DingTalk result: late or early is a warning, anything missing is bad. */
export function resultTone(result: TimeResult): Tone {
  return result === 'Normal' ? 'ok' : result === 'Late' || result === 'Early' ? 'warn' : 'bad';
}
