import { describe, expect, it } from 'vitest';
import { toServerEvent } from '../../main/company/events';
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
