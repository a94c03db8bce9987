import { describe, expect, it } from 'vitest';
import type { PunchRow } from '../../../server/store/schema';
import { isUnconfirmed, toView } from '../../../server/punches/view';
import { LOST_IN_FLIGHT, errorJson } from '../../../server/punches/store';

const ROW: PunchRow = {
  id: 1,
  intent_id: 'intent-1',
  device_id: 'device-1',
  session_id: 'session-1',
  user_id: 'u1',
  device_name: 'Daka · host',
  check_type_hint: null,
  clicked_at: 1000,
  received_at: 1000,
  check_time: 1000,
  offline: 0,
  state: 'accepted',
  attempts: 1,
  error_json: null,
  request_id: null,
  uploaded_at: null,
  settled_by: null,
  client_ip: null,
  updated_at: 1000,
};
const denied = errorJson({ code: 'missingPermission', message: 'Missing permission' });
const busy = errorJson({ code: 'dingtalkBusy', message: 'Busy' });

describe('the error a desktop sees', () => {
  it.each([
    // [state, error_json, unconfirmed, code shown]
    ['accepted', busy, false, null], // a transient upload failure: retried, not shown
    ['unknown', null, false, null],
    ['unknown', LOST_IN_FLIGHT, false, null], // waiting for the read-back
    ['unknown', errorJson({ code: 'outcomeUnknown', message: 'x' }), false, null],
    ['unknown', denied, true, 'missingPermission'], // the read-back gave up: shown
    ['sending', denied, false, null],
    ['refused', denied, false, 'missingPermission'],
    ['punched', denied, false, null],
  ] as const)('%s with %s', (state, error_json, unconfirmed, code) => {
    const row = { ...ROW, state, error_json };
    expect(isUnconfirmed(row)).toBe(unconfirmed);
    const view = toView(row);
    expect(view.error?.code ?? null).toBe(code);
    if (state !== 'punched' && state !== 'refused') expect(view.state).toBe('accepted');
  });
});
