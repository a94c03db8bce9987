/**
 * One vault entry's plain text (inside the cipher text): the value, the secret's name and
 * the hosts it is bound to. Pure functions; the Vault encrypts and stores what they make.
 */

/**
 * Where a secret may go: the hosts it was provisioned for (the AppSecret, the app token). Kept
 * inside the cipher text with the value, so editing a plain settings or state file cannot move
 * a secret to another host: a bound secret comes out only for exactly the same binding.
 */
export type SecretBinding = Readonly<Record<string, string>>;

/** A value and what it is bound to (null: goes anywhere it is asked for, the older format). */
export interface Entry {
  value: string;
  boundTo: SecretBinding | null;
}

/**
 * An entry's plain text inside the cipher text names its secret, so a cipher text copied
 * under another name in the (plain) store file is refused there: the AppSecret must not come
 * out as, say, the company server's refresh token and go to a server an edited state file
 * names. Written before this: bound entries without a name (only ever handed out for their
 * binding) and bare values (unbound; rewritten in this form when read).
 */
const NAMED_PREFIX = 'daka-secret:2:';
const BOUND_PREFIX = 'daka-bound:1:';

export function sameBinding(a: SecretBinding | null, b: SecretBinding | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export function encodeEntry(name: string, entry: Entry): string {
  return `${NAMED_PREFIX}${JSON.stringify({ name, value: entry.value, boundTo: entry.boundTo })}`;
}

function isBinding(value: unknown): value is SecretBinding {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function parsedEntry(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entry stored as `name`; undefined when it is damaged or names another secret (it then
 * counts as unreadable, never as unbound). `older`: in a format from before, to rewrite.
 */
export function decodeEntry(
  name: string,
  plain: string,
): { entry: Entry; older: boolean } | undefined {
  if (plain.startsWith(NAMED_PREFIX)) {
    const parsed = parsedEntry(plain.slice(NAMED_PREFIX.length));
    if (parsed === undefined || parsed.name !== name) return undefined;
    const { value, boundTo } = parsed;
    if (typeof value !== 'string' || value.length === 0) return undefined;
    if (boundTo !== null && !isBinding(boundTo)) return undefined;
    return { entry: { value, boundTo: boundTo === null ? null : { ...boundTo } }, older: false };
  }
  if (!plain.startsWith(BOUND_PREFIX))
    return { entry: { value: plain, boundTo: null }, older: true };
  const parsed = parsedEntry(plain.slice(BOUND_PREFIX.length));
  if (parsed === undefined) return undefined;
  const { value, boundTo } = parsed;
  if (typeof value !== 'string' || value.length === 0 || !isBinding(boundTo)) return undefined;
  return { entry: { value, boundTo: { ...boundTo } }, older: true };
}
