import { describe, expect, it } from 'vitest';
import type { ServerPolicies } from '../../../shared/server-api';
import { TRANSPORT_ALLOWANCE_MS, decidePunch } from '../../../server/punches/policy';

const POLICIES: ServerPolicies = {
  punchingEnabled: true,
  maxOfflineMinutes: 30,
  repeatGuardMinutes: 5,
  allowedClockDifferenceSeconds: 60,
};
const NOW = Date.parse('2026-11-24T01:00:00.700Z');
const S = 1000;
const MIN = 60 * S;

describe('decidePunch', () => {
  it.each([
    // [what, clickedAt offset from now, queuedOffline, expected]
    ['on time', 0, false, { ok: true, checkTime: NOW - 700, offline: false }],
    [
      'desktop clock 59 s behind: server time',
      -59 * S,
      false,
      { ok: true, checkTime: NOW - 700, offline: false },
    ],
    [
      'desktop clock 60 s ahead: server time',
      60 * S,
      false,
      { ok: true, checkTime: NOW - 700, offline: false },
    ],
    [
      'queued offline but fresh: server time, not offline',
      -10 * S,
      true,
      { ok: true, checkTime: NOW - 700, offline: false },
    ],
    ['61 s in the future', 61 * S, false, { ok: false, code: 'punchInFuture', limit: 60 }],
    [
      'a day in the future, even when queued',
      24 * 60 * MIN,
      true,
      { ok: false, code: 'punchInFuture', limit: 60 },
    ],
    [
      'queued offline 10 min: click time kept',
      -10 * MIN,
      true,
      { ok: true, checkTime: NOW - 10 * MIN - 700, offline: true },
    ],
    [
      'queued offline exactly the limit',
      -30 * MIN,
      true,
      { ok: true, checkTime: NOW - 30 * MIN - 700, offline: true },
    ],
    [
      'queued offline past the limit',
      -30 * MIN - 1,
      true,
      { ok: false, code: 'punchTooOld', limit: 30 },
    ],
    [
      '10 min old, not queued offline',
      -10 * MIN,
      false,
      { ok: false, code: 'punchTooOld', limit: 30 },
    ],
    ['backdated a day', -24 * 60 * MIN, false, { ok: false, code: 'punchTooOld', limit: 30 }],
  ] as const)('%s', (_what, offset, queuedOffline, expected) => {
    const decision = decidePunch(
      { clickedAt: NOW + offset, receivedAt: NOW, queuedOffline },
      POLICIES,
    );
    if (expected.ok) {
      expect(decision).toEqual(expected);
    } else {
      expect(decision.ok).toBe(false);
      if (!decision.ok) {
        expect(decision.error.code).toBe(expected.code);
        expect(decision.error.detail.limit).toBe(expected.limit);
      }
    }
  });

  // allowedClockDifferenceSeconds = 0 must not refuse every online punch: a click
  // always reaches the server a little later than it happened.
  it.each([
    // [what, clickedAt offset from now, queuedOffline, expected]
    ['online, on time', 0, false, { ok: true, checkTime: NOW - 700, offline: false }],
    ['online, 1 ms in transit', -1, false, { ok: true, checkTime: NOW - 700, offline: false }],
    [
      'online, exactly the transport allowance',
      -TRANSPORT_ALLOWANCE_MS,
      false,
      { ok: true, checkTime: NOW - 700, offline: false },
    ],
    [
      'online, 1 ms past the transport allowance',
      -TRANSPORT_ALLOWANCE_MS - 1,
      false,
      { ok: false, code: 'punchTooOld', limit: 30 },
    ],
    ['online, 1 ms ahead', 1, false, { ok: false, code: 'punchInFuture', limit: 0 }],
    [
      'queued offline 10 s: click time kept',
      -10 * S,
      true,
      { ok: true, checkTime: NOW - 10 * S - 700, offline: true },
    ],
  ] as const)('difference 0: %s', (_what, offset, queuedOffline, expected) => {
    const decision = decidePunch(
      { clickedAt: NOW + offset, receivedAt: NOW, queuedOffline },
      { ...POLICIES, allowedClockDifferenceSeconds: 0 },
    );
    if (expected.ok) {
      expect(decision).toEqual(expected);
    } else {
      expect(decision.ok ? null : [decision.error.code, decision.error.detail.limit]).toEqual([
        expected.code,
        expected.limit,
      ]);
    }
  });

  it('the transport allowance never narrows a larger configured difference', () => {
    expect(TRANSPORT_ALLOWANCE_MS).toBe(30 * S);
    const decision = decidePunch(
      { clickedAt: NOW - 45 * S, receivedAt: NOW, queuedOffline: false },
      { ...POLICIES, allowedClockDifferenceSeconds: 60 },
    );
    expect(decision).toEqual({ ok: true, checkTime: NOW - 700, offline: false });
  });

  it('refuses everything while punching is disabled', () => {
    const decision = decidePunch(
      { clickedAt: NOW, receivedAt: NOW, queuedOffline: false },
      { ...POLICIES, punchingEnabled: false },
    );
    expect(decision.ok ? null : decision.error.code).toBe('punchingDisabled');
  });

  it('with no offline allowance, an offline click older than the tolerance is refused', () => {
    const decision = decidePunch(
      { clickedAt: NOW - 2 * MIN, receivedAt: NOW, queuedOffline: true },
      { ...POLICIES, maxOfflineMinutes: 0 },
    );
    expect(decision.ok ? null : decision.error.code).toBe('punchTooOld');
  });

  it('check times are whole seconds', () => {
    for (const offset of [0, -5 * MIN + 123]) {
      const d = decidePunch(
        { clickedAt: NOW + offset, receivedAt: NOW, queuedOffline: true },
        POLICIES,
      );
      expect(d.ok && d.checkTime % 1000).toBe(0);
    }
  });
});
