/**
 * Today's check points as DingTalk sees them: planned time, actual punch,
 * result and source; invalid records are listed too, marked, never counted.
 */
import type { CheckPoint, DayStatus, Punch } from '../../../../shared/model';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';
import { sourceLabel } from './labels';
import { ResultBadge } from './ResultBadge';

/** Placeholder rows while the day loads, so the list does not jump when it arrives. */
const SKELETON_ROWS = 2;

export function Timeline({
  day,
  format,
  failed = false,
}: {
  day: DayStatus | null;
  format: Format;
  /** The day could not be loaded: say so instead of pretending to load. */
  failed?: boolean;
}) {
  const { t } = useI18n();
  const invalid = day?.punches.filter((p) => !p.valid) ?? [];
  const loading = day === null && !failed;
  return (
    <ol className="timeline" aria-label={t('today.timeline')} aria-busy={loading}>
      {day
        ? day.checkPoints.map((point) => (
            <CheckPointRow key={`${point.type}-${point.planned}`} point={point} format={format} />
          ))
        : loading
          ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
              <li key={i} className="tl-row skeleton-row" aria-hidden="true" />
            ))
          : null}
      {invalid.map((punch) => (
        <InvalidRow key={punch.id} punch={punch} format={format} />
      ))}
      {day && day.checkPoints.length === 0 && invalid.length === 0 && (
        <li className="tl-empty">{t('today.noPunches')}</li>
      )}
      {!day && failed && <li className="tl-empty">{t('today.noData')}</li>}
    </ol>
  );
}

function CheckPointRow({ point, format }: { point: CheckPoint; format: Format }) {
  const { t } = useI18n();
  // Our punch not in DingTalk yet (main marks it): its time, and 待上传, 已暂存 or 等待钉钉确认.
  const actual = point.queued?.at ?? point.punchedAt;
  return (
    <li className={`tl-row tl-${point.state}`}>
      <span className="tl-type">{t(`checkType.${point.type}`)}</span>
      <span className="tl-time tl-planned">
        <span className="sr-only">{t('today.plannedLabel')} </span>
        {format.time(point.planned)}
      </span>
      <span className="tl-time tl-actual">
        <span className="sr-only">{t('today.actualLabel')} </span>
        {actual ? format.time(actual) : '–'}
      </span>
      <span className="tl-result">
        {point.queued ? (
          <span className="badge badge-muted">{t(`today.queued.${point.queued.state}`)}</span>
        ) : point.result ? (
          <ResultBadge result={point.result} provisional={point.provisional} />
        ) : (
          <span className="tl-muted">{t('today.notYet')}</span>
        )}
      </span>
      <span className="tl-source">
        {point.punch && (
          <>
            <span className="sr-only">{t('today.sourceLabel')} </span>
            {sourceLabel(t, point.punch)}
          </>
        )}
      </span>
    </li>
  );
}

function InvalidRow({ punch, format }: { punch: Punch; format: Format }) {
  const { t } = useI18n();
  return (
    <li className="tl-row tl-invalid">
      <span className="tl-type">{punch.checkType ? t(`checkType.${punch.checkType}`) : ''}</span>
      <span className="tl-time tl-planned" />
      <span className="tl-time tl-actual">
        <span className="sr-only">{t('today.invalidPunch')} </span>
        <s>{format.time(punch.at)}</s>
      </span>
      <span className="tl-result">
        <span className="badge badge-muted">{t('today.invalid')}</span>
      </span>
      <span className="tl-source">{sourceLabel(t, punch)}</span>
      {punch.invalidReason && (
        <span className="tl-reason" title={punch.invalidReason}>
          {punch.invalidReason}
        </span>
      )}
    </li>
  );
}
