import type { TimeResult } from '../../../../shared/model';
import { useI18n } from '../../i18n';
import { resultTone } from './labels';

/** DingTalk's verdict; a provisional one is Daka's estimate until DingTalk evaluates the punch. */
export function ResultBadge({
  result,
  provisional = false,
}: {
  result: TimeResult;
  provisional?: boolean;
}) {
  const { t } = useI18n();
  const note = provisional ? t('today.provisional') : undefined;
  return (
    <span
      className={`badge badge-${resultTone(result)}${note ? ' badge-provisional' : ''}`}
      title={note}
    >
      {t(`timeResult.${result}`)}
      {note && <span className="sr-only">{`, ${note}`}</span>}
    </span>
  );
}
