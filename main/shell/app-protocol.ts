/**
 * The renderer is served from a private `app://daka/` scheme instead of
 * file://. The fuse that grants file:// extra privileges is off (it would let
 * any file:// page read anything), and a custom scheme is also a real origin
 * for the CSP. Only files inside the built renderer folder are served.
 */
import { extname, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'daka';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Sent with every page as a header too, so it holds even if the meta tag were removed;
 * frame-ancestors only works in a header (browsers ignore it in a meta tag).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The file an app:// URL names inside `rendererDir`, or null (other host, traversal, bad URL). */
export function resolveAppFile(url: string, rendererDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
  const rel = relative(rendererDir, file);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

interface ProtocolLike {
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: Record<string, boolean> }[],
  ): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
}

/** Must run before the app is ready. */
export function registerAppScheme(
  protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // codeCache: V8 keeps compiled scripts between launches (it needs `standard`).
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the built renderer; `fetchFile` is Electron's net.fetch (it reads inside app.asar). */
export function serveApp(opts: {
  protocol: Pick<ProtocolLike, 'handle'>;
  rendererDir: string;
  fetchFile: (url: string) => Promise<Response>;
}): void {
  opts.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, opts.rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    const reply = await opts.fetchFile(pathToFileURL(file).href).catch(() => null);
    if (!reply?.ok) return new Response('Not found', { status: 404 });
    return new Response(reply.body, {
      status: 200,
      headers: {
        'content-type': contentTypeOf(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
