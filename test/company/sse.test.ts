import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { CompanyApi } from '../../main/company/api';
import { EventStream, toServerEvent } from '../../main/company/events';
import { silentLogger } from '../../main/ports';
import { SseParser } from '../../main/company/sse';

const punch = {
  intentId: '0b6f1c0e-4d1a-4d8e-9a51-2f7c3d9e8a10',
  state: 'punched',
  checkTime: 1,
  clickedAt: 1,
  receivedAt: 2,
  offline: false,
  error: null,
};

describe('SseParser', () => {
  it('parses named events, skipping comments and heartbeats', () => {
    const p = new SseParser();
    const out = p.push(
      `retry: 3000\n: connected\n\nevent: day\ndata: {"date":"2026-11-27"}\n\n: heartbeat\n\n`,
    );
    expect(out).toEqual([{ event: 'day', data: '{"date":"2026-11-27"}', id: null }]);
    expect(p.retryMs).toBe(3000);
  });

  it('survives any chunk boundary, even inside a CRLF', () => {
    const text = `event: punch\r\ndata: ${JSON.stringify(punch)}\r\n\r\nevent: day\r\ndata: {"date":"2026-11-28"}\r\n\r\n`;
    for (let cut = 1; cut < text.length; cut += 1) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(
        events.map((e) => e.event),
        `cut at ${cut}`,
      ).toEqual(['punch', 'day']);
      expect(JSON.parse(events[0]?.data ?? '')).toEqual(punch);
    }
  });

  it('feeds one character at a time', () => {
    const p = new SseParser();
    const events = [...'event: day\ndata: {"date":"2026-11-27"}\n\n'].flatMap((c) => p.push(c));
    expect(events).toHaveLength(1);
  });

  it('joins multi-line data with newlines, defaults the name, keeps the id', () => {
    const p = new SseParser();
    expect(p.push('id: 7\ndata: one\ndata:two\ndata\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo\n', id: '7' },
    ]);
  });

  it('dispatches nothing for an event without data, nor before its blank line', () => {
    const p = new SseParser();
    expect(p.push('event: day\n\n')).toEqual([]);
    expect(p.push('event: day\ndata: {}')).toEqual([]);
    expect(p.push('\n\n')).toHaveLength(1);
  });
});

describe('toServerEvent', () => {
  it('validates the data with the shared schemas and drops what does not fit', () => {
    expect(toServerEvent('punch', JSON.stringify(punch))).toEqual({ event: 'punch', data: punch });
    expect(toServerEvent('day', '{"date":"27/11/2026"}')).toBeNull();
    expect(toServerEvent('day', 'not json')).toBeNull();
    expect(toServerEvent('toString', '{}')).toBeNull();
    expect(toServerEvent('revoked', '{"reason":"by IT"}')).toEqual({
      event: 'revoked',
      data: { reason: 'by IT' },
    });
  });
});

describe('EventStream reconnects', () => {
  /** Runs the stream against `events` until it has paused `count` times; returns the pauses. */
  function pausesAgainst(events: () => Promise<Response>, count: number): Promise<number[]> {
    return new Promise((resolve) => {
      const pauses: number[] = [];
      const stream = new EventStream({
        api: { events } as unknown as CompanyApi,
        logger: silentLogger,
        backoff: { baseMs: 100, maxMs: 1000 },
        onEvent: () => undefined,
        onState: () => undefined,
        sleep: async (ms) => {
          pauses.push(ms);
          if (pauses.length === count) {
            stream.stop();
            resolve(pauses);
          }
        },
      });
      stream.start();
    });
  }

  it('backs off when every connection is answered and closed at once without a byte', async () => {
    const pauses = await pausesAgainst(async () => new Response(''), 6);
    // 100, 200, 400, 800, 1000, 1000 ms with up to half of each taken off at random.
    expect(pauses[0]).toBeLessThanOrEqual(100);
    expect(pauses[3]).toBeGreaterThanOrEqual(400);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(1000);
  });

  it('a connection that delivered something starts the backoff again from the base', async () => {
    const pauses = await pausesAgainst(async () => new Response('retry: 3000\n: connected\n\n'), 4);
    for (const p of pauses) expect(p).toBeLessThanOrEqual(100);
  });

  it('backs off while the server cannot be reached, up to the maximum', async () => {
    const down = async (): Promise<Response> => {
      throw new Error('unreachable');
    };
    const pauses = await pausesAgainst(down, 8);
    expect(pauses[4]).toBeGreaterThanOrEqual(500);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(1000);
  });
});

describe('EventStream idle watchdog', () => {
  it('a connection silent past the idle limit (no heartbeat) is dropped and made again', async () => {
    let calls = 0;
    const states: string[] = [];
    await new Promise<void>((resolve) => {
      const stream = new EventStream({
        api: {
          events: async () => {
            calls += 1;
            if (calls === 2) {
              stream.stop();
              resolve();
            }
            // The server's opening comment, then nothing: a half-open connection.
            const body = new ReadableStream<Uint8Array>({
              start(c) {
                c.enqueue(new TextEncoder().encode(': connected\n\n'));
              },
            });
            return new Response(body);
          },
        } as unknown as CompanyApi,
        logger: silentLogger,
        backoff: { baseMs: 1, maxMs: 1 },
        idleMs: 30,
        onEvent: () => undefined,
        onState: (state) => states.push(state),
      });
      stream.start();
    });
    expect(calls).toBe(2);
    expect(states.slice(0, 3)).toEqual(['connecting', 'connected', 'connecting']);
  });
});

describe('EventStream and the end of a session', () => {
  /** Which calls the stream made against answers in turn (then it is stopped). */
  function callsAgainst(answers: (() => Promise<Response>)[]): Promise<number> {
    return new Promise((resolve) => {
      let calls = 0;
      const stream = new EventStream({
        api: {
          events: async () => {
            const answer = answers[calls];
            calls += 1;
            if (!answer) {
              resolve(calls - 1);
              stream.stop();
              return new Response('');
            }
            return answer();
          },
        } as unknown as CompanyApi,
        logger: silentLogger,
        backoff: { baseMs: 1, maxMs: 1 },
        onEvent: () => undefined,
        onState: (state) => {
          if (state === 'off') resolve(calls);
        },
      });
      stream.start();
    });
  }
  const refused = (code: string) => async (): Promise<Response> => {
    throw new AppError(code as 'proofInvalid', code);
  };

  it('a refused proof (a clock that just jumped: the next proof uses the skew learnt) is tried again', async () => {
    expect(await callsAgainst([refused('proofInvalid'), refused('proofInvalid')])).toBe(2);
  });

  it('a revoked or unknown session stops it for good', async () => {
    expect(await callsAgainst([refused('sessionRevoked'), refused('sessionRevoked')])).toBe(1);
    expect(await callsAgainst([refused('notSignedIn'), refused('notSignedIn')])).toBe(1);
  });
});
