/**
 * A Server-Sent Events parser (the WHATWG "event stream interpretation"), fed
 * with text chunks as they arrive from a fetch body: Node has no EventSource.
 * Chunks may split a line, or even a CRLF, anywhere. Comment lines (": ...",
 * the server's heartbeats) are skipped; `data:` lines of one event are joined
 * with newlines; an event is dispatched at its blank line.
 */

export interface SseMessage {
  /** "message" when the server named none. */
  event: string;
  data: string;
  id: string | null;
}

export class SseParser {
  private buffer = '';
  /** A chunk ended in "\r": a "\n" starting the next one belongs to the same line end. */
  private pendingCr = false;
  private event = '';
  private data: string[] = [];
  private id: string | null = null;
  /** The last `retry:` the server asked for, in ms. */
  retryMs: number | null = null;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = text.endsWith('\r');
    this.buffer += text;
    const out: SseMessage[] = [];
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // The last piece has no line end yet (or is "" after one): keep it for the next chunk.
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const hasData = this.data.length > 0;
    const message: SseMessage = {
      event: this.event === '' ? 'message' : this.event,
      data: this.data.join('\n'),
      id: this.id,
    };
    this.event = '';
    this.data = [];
    return hasData ? message : null;
  }
}
