import { useMemo } from 'react';
import type { Snapshot } from '../../../shared/contract';
import { createFormat, orgTimeZone, type Format } from '../format';
import { useI18n } from '../i18n';

/** Date and time formatting in the UI language and the organisation's zone. */
export function useFormat(snapshot: Snapshot | null): Format {
  const { locale } = useI18n();
  const zone = orgTimeZone(snapshot);
  return useMemo(() => createFormat(locale, zone), [locale, zone]);
}
