import { describe, expect, it } from 'vitest';
import { localFromOutcome, primaryState } from '../../renderer/src/views/today/primary';
import { at, fixtures, outboxEntry, outcomes } from './fixtures';

const idle = { kind: 'idle' } as const;

describe('the primary state', () => {
  it('waits for the punch window: DingTalk would file an earlier click under another check point', () => {
    const today = fixtures.atWork.today;
    if (!today) throw new Error('fixture without a day');
    const windowed = {
      ...fixtures.atWork,
      today: {
        ...today,
        checkPoints: today.checkPoints.map((c) =>
          c.type === 'OffDuty' ? { ...c, window: { from: at('13:30'), to: at('23:59') } } : c,
        ),
      },
    };
    expect(primaryState(windowed, idle, Date.parse(at('11:00')))).toMatchObject({
      kind: 'ready',
      type: 'OffDuty',
      opensAt: at('13:30'),
    });
    expect(primaryState(windowed, idle, Date.parse(at('13:31')))).toMatchObject({
      kind: 'ready',
      opensAt: null,
    });
  });

  it('names the day’s latest punch, not the popup’s own earlier one (a clock-out on the phone)', () => {
    const local = localFromOutcome(outcomes.punchedOnDuty, 'u-0001');
    expect(primaryState(fixtures.allDone, local, Date.parse(at('18:10')))).toMatchObject({
      kind: 'done',
      type: 'OffDuty',
      at: at('18:06'),
      result: 'Normal',
      allDone: true,
    });
  });

  it('waits for a snapshot', () => {
    expect(primaryState(null, idle)).toEqual({ kind: 'loading' });
  });

  it('puts the popup’s own in-flight punch before anything in the snapshot', () => {
    expect(primaryState(fixtures.held, { kind: 'punching', type: 'OffDuty' })).toEqual({
      kind: 'punching',
      type: 'OffDuty',
    });
  });

  it('shows waiting punches before the day, oldest first', () => {
    const state = primaryState(fixtures.held, idle);
    expect(state).toMatchObject({ kind: 'outbox', more: 1, entry: { id: 'intent-0001' } });
  });

  it('ignores sent and discarded outbox entries', () => {
    const sent = outboxEntry({ state: 'sent' });
    expect(primaryState({ ...fixtures.beforeWork, outbox: [sent] }, idle)).toMatchObject({
      kind: 'ready',
      type: 'OnDuty',
    });
  });

  it('turns a queued reply into an outbox state until the snapshot has the entry', () => {
    const local = localFromOutcome(outcomes.queued, 'u-0001');
    expect(primaryState(fixtures.beforeWork, local)).toMatchObject({
      kind: 'outbox',
      entry: { id: 'intent-0011', state: 'pending', at: at('08:58') },
    });
    if (local.kind !== 'queued') throw new Error(`expected a queued punch, got ${local.kind}`);
    const sent = { ...local.entry, state: 'sent' as const };
    expect(primaryState({ ...fixtures.atWork, outbox: [sent] }, local)).toMatchObject({
      kind: 'done',
      type: 'OnDuty',
      at: at('08:58'),
    });
  });

  it('reports a punch as done with DingTalk’s result and what is next', () => {
    const state = primaryState(fixtures.atWork, localFromOutcome(outcomes.punchedOnDuty, 'u'));
    expect(state).toMatchObject({ kind: 'done', result: 'Normal', allDone: false });
    expect(state.kind === 'done' && state.next?.type).toBe('OffDuty');
  });

  it('keeps rest days, leave and reminder-only mode apart', () => {
    expect(primaryState(fixtures.restDay, idle)).toEqual({
      kind: 'rest',
      nextWorkday: '2026-11-30',
    });
    expect(primaryState(fixtures.onLeave, idle)).toEqual({ kind: 'leave' });
    expect(primaryState(fixtures.unavailable, idle)).toMatchObject({
      kind: 'unavailable',
      reason: { code: 'punchingDisabled' },
      next: { type: 'OnDuty' },
    });
  });

  it('tells a finished day from a missed one', () => {
    expect(primaryState(fixtures.allDone, idle)).toMatchObject({
      kind: 'done',
      type: 'OffDuty',
      allDone: true,
    });
    expect(primaryState(fixtures.missedDay, idle)).toEqual({ kind: 'over' });
  });

  it('shows the loading skeleton while the first day loads, and the error if it failed', () => {
    expect(primaryState(fixtures.loading, idle)).toEqual({ kind: 'loading' });
    expect(primaryState(fixtures.noDayError, idle)).toMatchObject({
      kind: 'noDay',
      error: { code: 'networkDown' },
    });
  });

  it('maps every punch outcome', () => {
    expect(localFromOutcome(outcomes.needsConfirmation, 'u')).toEqual({
      kind: 'confirm',
      type: 'OnDuty',
      previousAt: at('08:57'),
    });
    expect(localFromOutcome(outcomes.unavailable, 'u')).toMatchObject({
      kind: 'failed',
      error: { code: 'punchingDisabled' },
    });
  });
});

describe('the primary state in company server mode', () => {
  it('a punch the server accepted is on its way (sending), not waiting for this computer', () => {
    const local = localFromOutcome(outcomes.accepted, 'u-0001');
    expect(local).toMatchObject({
      kind: 'queued',
      entry: { state: 'sending', acceptedAt: at('08:58'), lastError: null },
    });
    // Until the day shows it, the panel shows the entry, never "done".
    expect(primaryState(fixtures.serverBeforeWork, local)).toMatchObject({
      kind: 'outbox',
      entry: { id: 'intent-0021' },
    });
  });

  it('an accepted punch is done once main’s day shows it settled, never from a nearby time', () => {
    const local = localFromOutcome(outcomes.accepted, 'u-0001');
    const today = fixtures.serverBeforeWork.today;
    if (!today) throw new Error('fixture without a day');
    const showing = (punchedAt: string, punchId: string) => ({
      ...fixtures.serverBeforeWork,
      today: {
        ...today,
        checkPoints: today.checkPoints.map((c) =>
          c.type === 'OnDuty'
            ? {
                ...c,
                state: 'done' as const,
                punchedAt,
                punch: {
                  id: punchId,
                  at: punchedAt,
                  checkType: 'OnDuty' as const,
                  source: 'ATM',
                  fromThisDevice: true,
                  valid: true,
                  invalidReason: null,
                },
              }
            : c,
        ),
      },
    });
    // Main settled it (the server said punched): its day shows our provisional punch.
    expect(primaryState(showing(at('08:58'), 'local:intent-0021'), local).kind).toBe('done');
    // DingTalk's record at the time main reported.
    expect(primaryState(showing(at('08:58'), 'rec-1'), local).kind).toBe('done');
    // Some other punch 30 s away is not this one: the renderer does not guess.
    expect(primaryState(showing('2026-11-27T08:58:30+08:00', 'rec-2'), local).kind).toBe('outbox');
  });

  it('a session the server ended comes before anything else', () => {
    expect(primaryState(fixtures.serverRevoked, idle)).toEqual({
      kind: 'signedOut',
      reason: { code: 'sessionRevoked', message: 'This session was ended' },
    });
  });
});
