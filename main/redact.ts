/**
 * Redaction by value: every secret the vault holds and every token Daka is
 * issued is registered here, and the loggers (shell/logging.ts, the CLI's
 * console logger, both through node-ports' `redact`) mask each occurrence,
 * whatever key or pattern it hides behind: a token quoted in a server's error
 * text, a secret pasted into the wrong field, a JWK in a stack trace.
 *
 * One registry per process, Electron-free. Values are kept in memory only.
 */

/** Shorter values are not masked: "1234" or "true" would blank out ordinary log text. */
export const MIN_SECRET_LENGTH = 8;
/** Tokens rotate; the oldest registrations make way (a bounded list, not a leak). */
const MAX_SECRETS = 512;

const secrets = new Map<string, true>();
let ordered: string[] = [];

function add(value: string): void {
  if (value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.set(value, true);
  if (secrets.size > MAX_SECRETS) {
    const oldest = secrets.keys().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
  // Longest first: a secret that contains another is masked whole.
  ordered = [...secrets.keys()].sort((a, b) => b.length - a.length);
}

function leaves(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < 4 && typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) leaves(item, out, depth + 1);
  }
}

/**
 * Masks `value` in every later log line, and its URL-encoded and JSON-escaped
 * spellings. A JSON text (a cached token record, a private JWK) registers its
 * string fields as well.
 */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  add(value);
  add(encodeURIComponent(value));
  add(JSON.stringify(value).slice(1, -1));
  if (value.startsWith('{') || value.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return;
    }
    const found: string[] = [];
    leaves(parsed, found, 0);
    for (const leaf of found) {
      add(leaf);
      add(encodeURIComponent(leaf));
    }
  }
}

/** `text` with every registered value replaced by `mask`. */
export function maskRegistered(text: string, mask: string): string {
  if (ordered.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(mask);
  }
  return out;
}

/** Tests only: a clean registry. */
export function clearRegisteredSecrets(): void {
  secrets.clear();
  ordered = [];
}
