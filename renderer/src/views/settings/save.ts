/** How a settings field reaches main: one patch per field, the reply applied as the new snapshot. */
import type { Result, Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { SettingsPatch } from '../../../../shared/settings';
import { call, useBridge } from '../../bridge';

export interface Saver {
  /** A reply's refusal for the field to show, or null once the new snapshot is applied. */
  settle(r: Result<Snapshot>): AppErrorPayload | null;
  update(patch: SettingsPatch): Promise<AppErrorPayload | null>;
}

export function useSaver(onSnapshot: (snapshot: Snapshot) => void): Saver {
  const bridge = useBridge();
  const settle = (r: Result<Snapshot>) => {
    if (!r.ok) return r.error;
    onSnapshot(r.value);
    return null;
  };
  return {
    settle,
    update: async (patch) => settle(await call(bridge, 'updateSettings', patch)),
  };
}
