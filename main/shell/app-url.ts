/**
 * Where the app's own pages live: app://daka/index.html (see app-protocol.ts)
 * when built, the Vite dev server in development. Trust and navigation checks
 * compare parsed URLs, never string prefixes (http://localhost:5173.evil.test
 * starts with http://localhost:5173).
 */
import { pathToFileURL } from 'node:url';
import { APP_INDEX_URL } from './app-protocol';

/** The URL the popup loads: the dev server, else the app scheme (or a file, for tests). */
export function resolveAppUrl(opts: {
  devServerUrl: string | undefined;
  rendererIndexPath?: string;
}): string {
  if (opts.devServerUrl) return new URL(opts.devServerUrl).href;
  return opts.rendererIndexPath ? pathToFileURL(opts.rendererIndexPath).href : APP_INDEX_URL;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is one of the app's own pages (query and fragment ignored). */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parse(url);
  const app = parse(appUrl);
  if (!candidate || !app || candidate.protocol !== app.protocol) return false;
  if (app.protocol === 'file:')
    return candidate.host === app.host && candidate.pathname === app.pathname;
  // Custom schemes have an opaque origin ("null"): compare the host too.
  if (candidate.origin !== app.origin || candidate.host !== app.host) return false;
  const base = app.pathname.endsWith('/') ? app.pathname : app.pathname.replace(/[^/]*$/, '');
  return candidate.pathname.startsWith(base);
}
