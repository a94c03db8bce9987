/**
 * Test doubles for the Stream listener: a DWClient look-alike (the surface the
 * listener drives, and `receive` doing what DWClient.onEvent does with a frame
 * from the socket), frames shaped like the package's DWClientDownStream, timers
 * that advance only when told (so backoff tests take no time), a capturing logger.
 */
import type { DWClientDownStream, EventAckData } from 'dingtalk-stream';
import type { Clock, Logger } from '../../../main/ports';
import type {
  StreamClientLike,
  StreamCredentials,
  StreamTimers,
} from '../../../server/stream/index';
import type { OpenedDatabase } from '../../../server/store/database';
import { sqliteStore, type TestStore } from '../helpers/stores';

export const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

interface Timer {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

export class FakeTimers implements StreamTimers, Clock {
  nowMs = Date.UTC(2026, 2, 2, 1, 0, 0);
  private seq = 0;
  private queue: Timer[] = [];

  now = () => this.nowMs;

  setTimeout = (fn: () => void, ms: number): unknown => {
    this.seq += 1;
    this.queue.push({ id: this.seq, at: this.nowMs + ms, ms, fn });
    return this.seq;
  };

  clearTimeout = (handle: unknown) => {
    this.queue = this.queue.filter((t) => t.id !== handle);
  };

  pending(): number {
    return this.queue.length;
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = this.queue
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.nowMs = due.at;
      due.fn();
    }
    this.nowMs = target;
    await settle();
  }
}

export interface FakeBehaviour {
  /** Runs in getEndpoint (connections/open); throw or hang to fail the attempt. */
  open?: (client: FakeDwClient) => Promise<void>;
}

export class FakeDwClient implements StreamClientLike {
  connected = false;
  disconnects = 0;
  /** The frames this client sent back on the socket (acks), as the package writes them. */
  readonly sent: string[] = [];
  private onEventReceived: ((msg: DWClientDownStream) => EventAckData) | null = null;

  constructor(
    readonly credentials: StreamCredentials,
    private readonly behaviour: FakeBehaviour,
  ) {}

  registerAllEventListener(fn: (msg: DWClientDownStream) => EventAckData): this {
    this.onEventReceived = fn;
    return this;
  }

  async getEndpoint(): Promise<this> {
    await this.behaviour.open?.(this);
    return this;
  }

  async _connect(): Promise<void> {
    this.connected = true;
  }

  disconnect(): void {
    this.disconnects += 1;
    this.connected = false;
  }

  /** The socket closed (network, DingTalk's disconnect): the package only clears the flag. */
  drop(): void {
    this.connected = false;
  }

  /** Exactly what DWClient.onEvent does: call the listener, send JSON.stringify(its return). */
  receive(message: DWClientDownStream): EventAckData {
    if (this.onEventReceived === null) throw new Error('no listener registered');
    const ackData = this.onEventReceived(message);
    this.sent.push(
      JSON.stringify({
        code: 200,
        headers: { contentType: 'application/json', messageId: message.headers.messageId },
        message: 'OK',
        data: JSON.stringify(ackData),
      }),
    );
    return ackData;
  }
}

export function fakeFactory(behaviour: FakeBehaviour = {}) {
  const clients: FakeDwClient[] = [];
  return {
    clients,
    last(): FakeDwClient {
      const client = clients.at(-1);
      if (client === undefined) throw new Error('no client created yet');
      return client;
    },
    factory: (credentials: StreamCredentials) => {
      const client = new FakeDwClient(credentials, behaviour);
      clients.push(client);
      return client;
    },
  };
}

let messageSeq = 0;

/** An EVENT frame as the gateway sends it (DingTalk's protocol doc), data a JSON string. */
export function eventFrame(
  eventId: string | undefined,
  eventType: string,
  data: string,
  bornAtMs = Date.UTC(2026, 2, 2, 1, 0, 0),
): DWClientDownStream {
  messageSeq += 1;
  return {
    specVersion: '1.0',
    type: 'EVENT',
    headers: {
      appId: 'a1b2c3d4-app',
      connectionId: 'conn-1',
      contentType: 'application/json',
      messageId: `213d841d_972_${messageSeq}`,
      time: String(bornAtMs + 150),
      topic: '*',
      eventType,
      eventBornTime: String(bornAtMs),
      ...(eventId !== undefined ? { eventId } : {}),
      eventCorpId: 'dingcorp0001',
      eventUnifiedAppId: 'bbb381b6-unified',
    },
    data,
  };
}

export function checkRecordFrame(eventId: string | undefined, dataList: unknown[]) {
  return eventFrame(eventId, 'attendance_check_record', JSON.stringify({ dataList }));
}

export function punch(userId: string, checkTime: number | string) {
  return {
    userId,
    checkTime,
    locationResult: 'Normal',
    locationMethod: 'MAP',
    deviceSN: '',
    checkByUser: true,
    groupId: 4_200_001,
    bizId: `biz-${userId}-${checkTime}`,
    address: '杭州市余杭区',
    corpId: 'dingcorp0001',
  };
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data: Record<string, unknown> | undefined;
}

export function captureLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, data?: Record<string, unknown>) =>
    void entries.push({ level, message, data });
  return {
    entries,
    text: () => JSON.stringify(entries),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** A fresh database: SQLite in a temp folder, or a PostgreSQL schema (`store`). */
export async function tempDatabase(
  store: TestStore = sqliteStore,
): Promise<OpenedDatabase & { dispose(): Promise<void> }> {
  const database = await store.create();
  const opened = await database.open();
  return {
    ...opened,
    async dispose() {
      await opened.close();
      await database.drop();
    },
  };
}
