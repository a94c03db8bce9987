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
  if (!provisional) {
    return <span className={`badge badge-${resultTone(result)}`}>{t(`timeResult.${result}`)}</span>;
  }
  return (
    <span
      className={`badge badge-${resultTone(result)} badge-provisional`}
      title={t('today.provisional')}
    >
      {t(`timeResult.${result}`)}
      <span className="sr-only">{`, ${t('today.provisional')}`}</span>
    </span>
  );
}
