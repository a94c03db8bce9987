/**
 * Fault injection per endpoint path: the failures a client must survive
 * (slow or lost replies, gateways, throttling, IP flood bans, broken JSON).
 */
import { htmlPage } from './replies';
import type { Reply } from './replies';

export type Fault =
  /** Waits (real time) before handling. */
  | { latencyMs: number }
  /** A gateway error page; the request is not handled. */
  | { status: 500 | 502 | 503 }
  /** Destroys the socket without a reply; 'drop' means before handling. */
  | 'drop'
  | { drop: 'before' | 'after' }
  /** Handles the request (an upload IS recorded) but replies late. */
  | { replyAfterMs: number }
  /** Replies this errcode (errmsg from the catalogue unless given); not handled. */
  | { errcode: number; errmsg?: string }
  /** The app's tokens are revoked just before handling. */
  | 'revokeToken'
  /** Handles the request, then sends a truncated JSON body. */
  | 'malformedJson'
  /** The HTML page DingTalk's gateway shows a flood-banned IP; not handled. */
  | 'floodBanHtml'
  /** The JSON flavour of the flood ban ({status:1111, wait:5}); not handled. */
  | 'floodBanJson';

export interface FaultOptions {
  /** How many requests it hits (default: every request until clearFaults). */
  times?: number;
}

interface Armed {
  path: string;
  fault: Fault;
  remaining: number;
}

/** Faults by path ('*' = every path), consumed in the order they were added. */
export class FaultTable {
  private armed: Armed[] = [];

  add(path: string, fault: Fault, options: FaultOptions = {}): void {
    const times = options.times ?? Infinity;
    if (!(times > 0)) throw new RangeError('times must be positive');
    this.armed.push({ path, fault, remaining: times });
  }

  take(path: string): Fault | undefined {
    const hit = this.armed.find((a) => a.path === path || a.path === '*');
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((a) => a !== hit);
    return hit.fault;
  }

  clear(): void {
    this.armed = [];
  }
}

export function faultName(fault: Fault): string {
  if (typeof fault === 'string') return fault;
  if ('latencyMs' in fault) return `latency:${fault.latencyMs}`;
  if ('status' in fault) return `status:${fault.status}`;
  if ('drop' in fault) return `drop:${fault.drop}`;
  if ('replyAfterMs' in fault) return `replyAfter:${fault.replyAfterMs}`;
  return `errcode:${fault.errcode}`;
}

const GATEWAY_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
};

export function gatewayPage(status: number): Reply {
  const text = `${status} ${GATEWAY_TEXT[status] ?? 'Error'}`;
  return htmlPage(status, text, `<center><h1>${text}</h1></center><hr><center>Tengine</center>`);
}

/** UNCONFIRMED look: an HTTP 200 HTML page, so clients must check the content type. */
export function floodBanHtml(ip: string): Reply {
  return htmlPage(
    200,
    '访问受限',
    `<h1>访问受限</h1><p>您的IP(${ip})访问过于频繁，已被暂时限制访问，请5分钟后再试。</p>`,
  );
}

export function floodBanJson(): Reply {
  return {
    kind: 'json',
    status: 200,
    body: { status: 1111, wait: 5, msg: '访问过于频繁，请5分钟后再试' },
  };
}
