/** The PUNCHES room: see service.ts. */
export { createPunchService } from './service';
export type { PunchServiceDeps } from './service';
export { decidePunch } from './policy';
export type { PunchDecision, PunchTiming } from './policy';
export { findUpload, isOurRecord, SAME_TIME_MS } from './match';
export { DEFAULT_GRACE_MS, PERMANENT, RECONCILE_SPAN_MS } from './worker';
