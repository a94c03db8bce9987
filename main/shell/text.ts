/** Text helpers shared by the tray and the notifications. */

/** Translation lookup (shared/i18n's `translate` bound to the current language). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** "HH:mm" of an ISO time written with the organisation's offset (its wall-clock time). */
export function wallTime(iso: string): string {
  return /T(\d{2}:\d{2})/.exec(iso)?.[1] ?? iso;
}
