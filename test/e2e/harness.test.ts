/**
 * The harness's transport on its own (no browser): it serves the built popup
 * with the app's CSP, refuses paths outside the renderer, runs channels
 * through the IPC's validation, and pushes the engine's snapshots.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/app-protocol';
import { CHANNEL_NAMES } from '../../shared/channels';
import type { Result, Snapshot } from '../../shared/contract';
import { startHarness, type Harness } from './harness';
import { BRIDGE_BASE } from './wire';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function start(): Promise<Harness> {
  harness = await startHarness({
    start: '2026-11-27 08:50:00',
    rendererDir: inject('rendererDir'),
  });
  return harness;
}

const post = (h: Harness, channel: string, body: string) =>
  fetch(new URL(BRIDGE_BASE + channel, h.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  }).then((r) => r.json() as Promise<Result<unknown>>);

describe('the browser harness', () => {
  it('serves index.html with the CSP header and the bridge before the app script', async () => {
    const h = await start();
    const reply = await fetch(h.url);
    expect(reply.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await reply.text();
    const bridge = html.indexOf(`<script defer src="${BRIDGE_BASE}bridge.js">`);
    expect(bridge).toBeGreaterThan(0);
    expect(bridge).toBeLessThan(html.indexOf('<script type="module"'));

    const script = await fetch(new URL(`${BRIDGE_BASE}bridge.js`, h.url));
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const code = await script.text();
    for (const channel of CHANNEL_NAMES) expect(code).toContain(`"${channel}"`);
  });

  it('refuses files outside the built renderer', async () => {
    const h = await start();
    const { port } = new URL(h.url);
    // Raw paths: fetch would normalise the dots away before sending.
    // Enough ../ to reach / from any folder: /etc/passwd exists, so only the guard stops it.
    const up = '..%2f'.repeat(12);
    for (const path of ['/../package.json', `/${up}etc/passwd`, `/assets/${up}etc/passwd`]) {
      const status = await new Promise<number | undefined>((done, fail) => {
        request({ host: '127.0.0.1', port, path }, (reply) => {
          reply.resume();
          done(reply.statusCode);
        })
          .on('error', fail)
          .end();
      });
      expect(status, path).toBe(404);
    }
    expect((await fetch(h.url)).status).toBe(200);
  });

  it('runs channels through the IPC validation: bad payloads and unknown channels are values', async () => {
    const h = await start();
    expect(await post(h, 'punch', '{"confirm":"yes"}')).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'confirm' } },
    });
    expect(await post(h, 'getSnapshot', '{"extra":1}')).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'extra' } },
    });
    expect(await post(h, 'nope', '{}')).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'channel' } },
    });
    expect(await post(h, 'getSnapshot', 'not json')).toMatchObject({ ok: false });
    const snapshot = await post(h, 'getSnapshot', '{}');
    expect(snapshot).toMatchObject({ ok: true, value: { mode: 'unconfigured' } });
  });

  it('pushes a snapshot on every engine change', async () => {
    const h = await start();
    const controller = new AbortController();
    const reply = await fetch(new URL(`${BRIDGE_BASE}events`, h.url), {
      signal: controller.signal,
    });
    expect(reply.headers.get('content-type')).toBe('text/event-stream');
    const reader = reply.body?.getReader();
    if (!reader) throw new Error('no body');
    h.engine.importProvisioning(h.provisioning());
    const frame = /event: snapshot\ndata: (.*)\n\n/;
    let text = '';
    while (!frame.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const data = frame.exec(text)?.[1] ?? 'null';
    expect((JSON.parse(data) as Snapshot).mode).toBe('configured');
  });
});
