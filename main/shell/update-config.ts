/**
 * Two small readers for the updater: app-update.yml (the feed electron-builder wrote
 * into the build from electron-builder.yml `publish`, and on Windows the publisher an
 * update must be signed by) and version order (nothing at or below the running version
 * is installed). Pure functions.
 */

export interface BuildFeed {
  provider: string;
  url: string | null;
  /** Authenticode subject names an update installer must carry (Windows). */
  publisherName: string[];
}

function scalar(text: string): string {
  const value = text.trim();
  if (value.length >= 2 && (value[0] === "'" || value[0] === '"') && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

/**
 * electron-builder writes app-update.yml as flat `key: value` lines, lists as `  - item`
 * (publisherName may be either). Only the keys used here are read; null when there is no
 * provider line, i.e. not such a file.
 */
export function parseAppUpdateConfig(text: string): BuildFeed | null {
  const values = new Map<string, string[]>();
  let listKey: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item?.[1] !== undefined && listKey !== null) {
      values.get(listKey)?.push(scalar(item[1]));
      continue;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*):(.*)$/.exec(line);
    if (pair?.[1] === undefined || pair[2] === undefined) {
      listKey = null;
      continue;
    }
    const value = pair[2].trim();
    listKey = value === '' ? pair[1] : null;
    values.set(pair[1], value === '' ? [] : [scalar(value)]);
  }
  const provider = values.get('provider')?.[0];
  if (provider === undefined || provider === '') return null;
  return {
    provider,
    url: values.get('url')?.[0] ?? null,
    publisherName: (values.get('publisherName') ?? []).filter((name) => name !== ''),
  };
}

/** "1.2.3-beta.1" → [[1, 2, 3], ['beta', '1']]; null when not semver-shaped. */
function parts(version: string): [number[], string[]] | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(version.trim());
  if (match === null) return null;
  return [[Number(match[1]), Number(match[2]), Number(match[3])], match[4]?.split('.') ?? []];
}

/** Semver order of prerelease identifiers: numbers below words, fewer fields first. */
function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release wins
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** True only when `offered` is a version strictly above `current` (unreadable: refused). */
export function isNewerVersion(offered: string, current: string): boolean {
  const a = parts(offered);
  const b = parts(current);
  if (a === null || b === null) return false;
  for (let i = 0; i < 3; i += 1) {
    const diff = (a[0][i] ?? 0) - (b[0][i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return comparePre(a[1], b[1]) > 0;
}
