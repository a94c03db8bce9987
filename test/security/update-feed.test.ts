/**
 * Issue #12, item 1: a provisioning file names the update feed only with a signature this
 * build verifies, the stored configuration cannot be edited into a feed, and the readers
 * the updater relies on (app-update.yml, version order) read what electron-builder writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { FileStore, TestCipher } from '../../main/node-ports';
import { parseProvisioning, ProvisioningStore } from '../../main/settings/provisioning';
import { signFeed, verifyFeedSignature } from '../../main/settings/update-feed';
import { Vault } from '../../main/settings/vault';
import { isNewerVersion, parseAppUpdateConfig } from '../../main/shell/update-config';

// The build's trusted key, as an organisation would bake it in (update-feed-keys.ts).
const pending = vi.hoisted(async () => {
  const crypto = await import('node:crypto');
  const pair = crypto.generateKeyPairSync('ed25519');
  return {
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
});
vi.mock('../../main/settings/update-feed-keys', async () => ({
  TRUSTED_FEED_KEYS: [(await pending).publicPem],
}));
const trusted = await pending;

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { dump(value: unknown, options?: object): string };

const FEED = 'https://it.example.cn/daka-feed/';
const base = { appKey: 'dingq8rfbxvu2x1kfhzw', appSecret: 'Xr8JpF2m_Lq0vZ-7bTnC4wYh9KsD1aEo3gU' };
const file = (extra: Record<string, unknown>) => JSON.stringify({ ...base, ...extra });

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.detail.field as string | undefined;
    throw error;
  }
  return undefined;
}

describe('a provisioning file names the update feed only when signed for this build', () => {
  it('refuses an unsigned updateUrl (before: any https URL became the feed)', () => {
    expect(fieldOf(() => parseProvisioning(file({ updateUrl: FEED })))).toBe('updateUrlSignature');
  });

  it('refuses a signature by another key, for another URL, or not a signature at all', () => {
    const otherKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const updateUrlSignature of [
      signFeed(FEED, otherKey),
      signFeed('https://it.example.cn/other/', trusted.privatePem),
      'not base64',
      42,
    ]) {
      expect(fieldOf(() => parseProvisioning(file({ updateUrl: FEED, updateUrlSignature })))).toBe(
        'updateUrlSignature',
      );
    }
  });

  it('refuses a signature without a URL', () => {
    const updateUrlSignature = signFeed(FEED, trusted.privatePem);
    expect(fieldOf(() => parseProvisioning(file({ updateUrlSignature })))).toBe(
      'updateUrlSignature',
    );
  });

  it('takes a feed signed with the trusted key, and keeps the signature for the updater', () => {
    const updateUrlSignature = signFeed(FEED, trusted.privatePem);
    expect(parseProvisioning(file({ updateUrl: FEED, updateUrlSignature }))).toMatchObject({
      updateUrl: FEED,
      updateUrlSignature,
    });
  });

  it('signs the URL as written after normalising, so "https://IT.example.cn/daka-feed/" matches', () => {
    const updateUrlSignature = signFeed(FEED, trusted.privatePem);
    const parsed = parseProvisioning(
      file({ updateUrl: 'https://IT.example.cn/daka-feed/', updateUrlSignature }),
    );
    expect(parsed.updateUrl).toBe(FEED);
  });

  it('verifies only Ed25519 keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const signature = signFeed(FEED, trusted.privatePem);
    expect(verifyFeedSignature(FEED, signature, [rsa, 'not a key'])).toBe(false);
    expect(verifyFeedSignature(FEED, signature, [rsa, trusted.publicPem])).toBe(true);
  });
});

describe('the stored configuration cannot be edited into a feed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'daka-feed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () =>
    new ProvisioningStore({
      store: new FileStore({ dir, name: 'config' }),
      vault: new Vault({ store: new FileStore({ dir, name: 'vault' }), cipher: new TestCipher() }),
    });

  const editStored = (edit: (stored: Record<string, unknown>) => void) => {
    const path = join(dir, 'config.json');
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(json.provisioning as Record<string, unknown>);
    new FileStore({ dir, name: 'config' }).set('provisioning', json.provisioning);
  };

  it('drops an unsigned feed written into the file, and keeps the rest of the configuration', () => {
    open().save(parseProvisioning(file({})));
    editStored((stored) => {
      stored.updateUrl = 'https://attacker.example/feed/';
    });
    const loaded = open().loadPublic();
    expect(loaded?.appKey).toBe(base.appKey);
    expect(loaded?.updateUrl).toBeNull();
  });

  it('drops a signed feed whose URL was edited', () => {
    const updateUrlSignature = signFeed(FEED, trusted.privatePem);
    open().save(parseProvisioning(file({ updateUrl: FEED, updateUrlSignature })));
    expect(open().loadPublic()?.updateUrl).toBe(FEED);
    editStored((stored) => {
      stored.updateUrl = 'https://attacker.example/feed/';
    });
    expect(open().loadPublic()?.updateUrl).toBeNull();
  });
});

describe("parseAppUpdateConfig reads what electron-builder writes (js-yaml's dump)", () => {
  it.each([
    [{ provider: 'generic', url: 'https://u.example/daka/', updaterCacheDirName: 'daka-updater' }],
    [
      {
        provider: 'generic',
        url: 'https://u.example/daka/',
        publisherName: ['Daka developers', 'Example Co., Ltd.'],
        updaterCacheDirName: 'daka-updater',
      },
    ],
    [{ provider: 'generic', url: 'https://u.example/a b/', publisherName: ['"Quoted" Co: Ltd'] }],
    [{ provider: 'github', owner: 'daka-app', repo: 'daka', publisherName: 'Single Name' }],
  ])('%j', (config) => {
    const names = 'publisherName' in config ? config.publisherName : undefined;
    expect(parseAppUpdateConfig(yaml.dump(config, { lineWidth: 8000 }))).toEqual({
      provider: config.provider,
      url: 'url' in config ? config.url : null,
      publisherName: names === undefined ? [] : Array.isArray(names) ? names : [names],
    });
  });

  it('is null for a file that is not one', () => {
    expect(parseAppUpdateConfig('')).toBeNull();
    expect(parseAppUpdateConfig('url: https://x.example/\n')).toBeNull();
  });

  it("reads this repository's electron-builder.yml publish block the same way", () => {
    const root = resolve(import.meta.dirname, '../..');
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const publish = /^publish:\n((?: {2}.*\n)+)/m.exec(text)?.[1] ?? '';
    expect(parseAppUpdateConfig(publish.replace(/^ {2}/gm, ''))).toMatchObject({
      provider: 'generic',
    });
  });
});

describe('isNewerVersion (never a downgrade)', () => {
  it.each([
    ['1.4.1', '1.4.0', true],
    ['1.10.0', '1.9.9', true],
    ['2.0.0', '1.99.99', true],
    ['1.4.0', '1.4.0-beta.3', true],
    ['1.4.0-beta.10', '1.4.0-beta.9', true],
    ['1.4.0-rc.1', '1.4.0-beta.9', true],
    ['1.4.0', '1.4.0', false],
    ['1.3.9', '1.4.0', false],
    ['1.4.0-beta.1', '1.4.0', false],
    ['1.4.0-1', '1.4.0-alpha', false],
    ['v1.5.0', '1.4.0', true],
    ['latest', '1.4.0', false],
    ['1.5', '1.4.0', false],
  ])('%s after %s: %s', (offered, current, newer) => {
    expect(isNewerVersion(offered, current)).toBe(newer);
  });
});

describe('electron-builder.yml gives every build a feed of its own and a publisher to check', () => {
  const root = resolve(import.meta.dirname, '../..');
  const load = require('js-yaml') as { load(text: string): unknown };
  const config = load.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
    publish?: { provider?: string; url?: string };
    win?: { verifyUpdateCodeSignature?: boolean; signtoolOptions?: { publisherName?: unknown } };
  };

  it('publishes to a generic https feed (written into app-update.yml)', () => {
    expect(config.publish?.provider).toBe('generic');
    expect(new URL(config.publish?.url ?? '').protocol).toBe('https:');
  });

  it('names the Windows publisher, so app-update.yml carries publisherName', () => {
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    const names = config.win?.signtoolOptions?.publisherName;
    expect(
      Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string'),
    ).toBe(true);
  });
});
