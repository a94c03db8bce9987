/**
 * node:http plumbing: reading and parsing request bodies, writing replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './replies';

const MAX_BODY_BYTES = 1_048_576;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type ParsedBody =
  | { ok: true; value: Record<string, unknown>; logged: unknown }
  | { ok: false; problem: 'contentType' | 'json'; logged: unknown };

/** JSON or form fields; anything else is a content-type problem (43004). */
export function parseBody(contentType: string | undefined, raw: string): ParsedBody {
  if (raw.trim() === '') return { ok: true, value: {}, logged: null };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    const value = Object.fromEntries(new URLSearchParams(raw));
    return { ok: true, value, logged: value };
  }
  if (type.includes('json') || type === '') {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return { ok: true, value: value as Record<string, unknown>, logged: value };
      }
      return { ok: false, problem: 'json', logged: value };
    } catch {
      return { ok: false, problem: 'json', logged: raw };
    }
  }
  return { ok: false, problem: 'contentType', logged: raw };
}

export function remoteIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export interface Sent {
  status: number;
  errcode: number | string | null;
  code: string | null;
}

/** Writes the reply; `truncate` cuts a JSON body in half (the 'malformedJson' fault). */
export function send(res: ServerResponse, reply: Reply, date: string, truncate: boolean): Sent {
  res.setHeader('Date', date);
  switch (reply.kind) {
    case 'redirect':
      res.writeHead(302, { Location: reply.location }).end();
      return { status: 302, errcode: null, code: null };
    case 'html':
      res.writeHead(reply.status, { 'Content-Type': 'text/html;charset=utf-8' }).end(reply.html);
      return { status: reply.status, errcode: null, code: null };
    case 'json': {
      const text = JSON.stringify(reply.body);
      res
        .writeHead(reply.status, { 'Content-Type': 'application/json;charset=utf-8' })
        .end(truncate ? text.slice(0, Math.ceil(text.length / 2)) : text);
      const { errcode, code } = reply.body;
      return {
        status: reply.status,
        errcode: typeof errcode === 'number' || typeof errcode === 'string' ? errcode : null,
        code: typeof code === 'string' ? code : null,
      };
    }
  }
}
