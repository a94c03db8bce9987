import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createStreamListener,
  type StreamListener,
  type StreamListenerOptions,
} from '../../../server/stream/index';
import {
  captureLogger,
  checkRecordFrame,
  eventFrame,
  FakeTimers,
  fakeFactory,
  punch,
  tempDatabase,
} from './fakes';

const SECRET = 'sEcReT-app-secret-0123456789';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  describe('Stream listener: events', () => {
    let database: Awaited<ReturnType<typeof tempDatabase>>;
    let timers: FakeTimers;
    let logger: ReturnType<typeof captureLogger>;
    let calls: [string, number][];
    let pushes: number;
    let throwFor: string | null;
    let listener: StreamListener | null;
    let fake: ReturnType<typeof fakeFactory>;

    const make = (extra: Partial<StreamListenerOptions> = {}) =>
      createStreamListener({
        appKey: 'dingappkey',
        appSecret: SECRET,
        db: database.db,
        clock: timers,
        logger,
        meter: { recordPush: (n) => void (pushes += n) },
        onCheckRecord: (userId, at) => {
          if (userId === throwFor) throw new Error(`day cache down for ${userId}`);
          calls.push([userId, at]);
        },
        clientFactory: fake.factory,
        timers,
        backoff: { random: () => 0 },
        ...extra,
      });

    const started = async (extra: Partial<StreamListenerOptions> = {}) => {
      listener = make(extra);
      await listener.start();
      await timers.advance(0);
      expect(listener.status().state).toBe('connected');
      return fake.last();
    };

    beforeEach(async () => {
      database = await tempDatabase(store);
      timers = new FakeTimers();
      logger = captureLogger();
      calls = [];
      pushes = 0;
      throwFor = null;
      listener = null;
      fake = fakeFactory();
    });

    afterEach(async () => {
      await listener?.stop();
      await database.dispose();
    });

    it('hands each punch to onCheckRecord and acks SUCCESS synchronously', async () => {
      const client = await started();
      expect(client.credentials).toEqual({ clientId: 'dingappkey', clientSecret: SECRET });
      const at = Date.UTC(2026, 2, 2, 0, 58, 12);
      const ack = client.receive(
        checkRecordFrame('evt-1', [punch('u-1', at), punch('u-2', at + 1000)]),
      );
      // The package stringifies the return value at once: it must be the ack itself.
      expect(ack).not.toBeInstanceOf(Promise);
      expect(ack).toEqual({ status: 'SUCCESS' });
      expect(JSON.parse(JSON.parse(client.sent[0] ?? '{}').data)).toEqual({ status: 'SUCCESS' });
      expect(calls).toEqual([
        ['u-1', at],
        ['u-2', at + 1000],
      ]);
      expect(pushes).toBe(1);
      expect(listener?.status().lastEventAt).toBe(timers.now());
      await listener?.stop();
      const rows = await database.db.selectFrom('stream_events').selectAll().execute();
      expect(rows.map((r) => r.event_id)).toEqual(['evt-1']);
    });

    it('handles a re-pushed eventId once, acks both, counts both deliveries', async () => {
      const client = await started();
      const frame = checkRecordFrame('evt-dup', [punch('u-1', 1_772_413_092_000)]);
      const first = client.receive(frame);
      const again = client.receive({ ...frame, headers: { ...frame.headers, messageId: 'm-2' } });
      expect([first, again]).toEqual([{ status: 'SUCCESS' }, { status: 'SUCCESS' }]);
      expect(calls).toHaveLength(1);
      expect(pushes).toBe(2);
    });

    it('remembers handled eventIds across a restart (the stream_events table)', async () => {
      const client = await started();
      const frame = checkRecordFrame('evt-restart', [punch('u-1', 1_772_413_092_000)]);
      client.receive(frame);
      await listener?.stop();

      const second = await started();
      expect(second.receive(frame)).toEqual({ status: 'SUCCESS' });
      expect(calls).toHaveLength(1);
    });

    it('forgets eventIds after the retention (rows pruned at start)', async () => {
      const client = await started({ retentionMs: 3600_000 });
      const frame = checkRecordFrame('evt-old', [punch('u-1', 1_772_413_092_000)]);
      client.receive(frame);
      await listener?.stop();
      timers.nowMs += 2 * 3600_000;

      const second = await started({ retentionMs: 3600_000 });
      expect(await database.db.selectFrom('stream_events').selectAll().execute()).toEqual([]);
      second.receive(frame);
      expect(calls).toHaveLength(2);
    });

    it('acks and logs malformed payloads without throwing', async () => {
      const client = await started();
      const frames = [
        eventFrame('bad-1', 'attendance_check_record', 'not json {'),
        eventFrame('bad-2', 'attendance_check_record', JSON.stringify({ something: 'else' })),
        eventFrame('bad-3', 'attendance_check_record', '42'),
        checkRecordFrame('bad-4', [{ checkTime: 1 }, 'x', null, { userId: '' }]),
      ];
      for (const frame of frames) expect(client.receive(frame)).toEqual({ status: 'SUCCESS' });
      // A frame the package's type allows but DingTalk never documents: no data at all.
      const noData = { ...frames[0], data: undefined } as unknown as (typeof frames)[0];
      expect(client.receive(noData)).toEqual({ status: 'SUCCESS' });
      expect(calls).toEqual([]);
      expect(pushes).toBe(5);
      const warnings = logger.entries.filter((e) => e.level === 'warn').map((e) => e.data);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ eventId: 'bad-1', problem: 'data is not JSON' }),
          expect.objectContaining({ eventId: 'bad-2', problem: 'data has no dataList' }),
          expect.objectContaining({ eventId: 'bad-3', problem: 'data is not an object' }),
          expect.objectContaining({ eventId: 'bad-4', skipped: 4 }),
        ]),
      );
    });

    it('reads the shapes the docs leave open: string times, DataList, a single record', async () => {
      const client = await started();
      const born = Date.UTC(2026, 2, 2, 0, 59, 0);
      client.receive(checkRecordFrame('s-1', [punch('u-str', '1772413092000')]));
      client.receive(
        eventFrame(
          's-2',
          'attendance_check_record',
          JSON.stringify({ DataList: [punch('u-D', 5)] }),
        ),
      );
      client.receive(
        eventFrame('s-3', 'attendance_check_record', JSON.stringify(punch('u-one', 1772413092000))),
      );
      client.receive(
        eventFrame(
          's-4',
          'attendance_check_record',
          JSON.stringify({ dataList: [{ userId: 'u-t' }] }),
          born,
        ),
      );
      expect(calls).toEqual([
        ['u-str', 1_772_413_092_000],
        ['u-D', 5000], // a seconds value taken as seconds
        ['u-one', 1_772_413_092_000],
        ['u-t', born], // no checkTime: the event's birth time stands in
      ]);
    });

    it('acks LATER when the handler throws, and handles the re-push', async () => {
      const client = await started();
      const frame = checkRecordFrame('evt-later', [punch('u-boom', 1_772_413_092_000)]);
      throwFor = 'u-boom';
      const ack = client.receive(frame);
      expect(ack).not.toBeInstanceOf(Promise);
      expect(ack.status).toBe('LATER');
      expect(logger.entries.some((e) => e.level === 'error')).toBe(true);
      throwFor = null;
      expect(client.receive(frame)).toEqual({ status: 'SUCCESS' });
      expect(calls).toEqual([['u-boom', 1_772_413_092_000]]);
    });

    it('acks unknown event types and ignores them', async () => {
      const client = await started();
      const ack = client.receive(
        eventFrame('u-add', 'user_add_org', JSON.stringify({ userId: ['015x'], timeStamp: '1' })),
      );
      expect(ack).toEqual({ status: 'SUCCESS' });
      expect(calls).toEqual([]);
      expect(pushes).toBe(1);
    });

    it('de-duplicates by payload when a frame has no eventId', async () => {
      const client = await started();
      const frame = checkRecordFrame(undefined, [punch('u-1', 1_772_413_092_000)]);
      client.receive(frame);
      client.receive(frame);
      client.receive(checkRecordFrame(undefined, [punch('u-1', 1_772_413_152_000)]));
      expect(calls.map(([, at]) => at)).toEqual([1_772_413_092_000, 1_772_413_152_000]);
    });

    it('a meter that throws neither breaks the ack nor asks for a re-push', async () => {
      const client = await started({
        meter: {
          recordPush: () => {
            throw new Error('kv store locked');
          },
        },
      });
      expect(client.receive(checkRecordFrame('m-1', [punch('u-1', 1)]))).toEqual({
        status: 'SUCCESS',
      });
      expect(calls).toHaveLength(1);
    });
  });
});
