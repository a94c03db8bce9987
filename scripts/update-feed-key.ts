/**
 * The organisation's tool for naming the update feed in a provisioning file:
 *
 *   npm run update-feed -- keygen <folder>
 *     writes update-feed.key (private, mode 0600: keep it off the build machine's
 *     repository) and update-feed.pub.pem (public: paste into
 *     main/settings/update-feed-keys.ts, then build).
 *   npm run update-feed -- sign <update-feed.key> <provisioning.json>
 *     signs the file's "updateUrl" and writes "updateUrlSignature" into it.
 *
 * Only a build with that public key baked in accepts the file's feed (docs/packaging.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signFeed } from '../main/settings/update-feed';

function usage(): never {
  console.error(
    'usage: update-feed keygen <folder> | update-feed sign <update-feed.key> <provisioning.json>',
  );
  process.exit(2);
}

const [command, first, second] = process.argv.slice(2);

if (command === 'keygen' && first !== undefined) {
  const pair = generateKeyPairSync('ed25519');
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(join(first, 'update-feed.key'), privatePem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(first, 'update-feed.pub.pem'), publicPem, { flag: 'wx' });
  console.log(`Public key (for main/settings/update-feed-keys.ts):\n${publicPem}`);
} else if (command === 'sign' && first !== undefined && second !== undefined) {
  const file = JSON.parse(readFileSync(second, 'utf8').replace(/^\uFEFF/, '')) as Record<
    string,
    unknown
  >;
  if (typeof file.updateUrl !== 'string') {
    console.error(`${second} has no "updateUrl" to sign`);
    process.exit(1);
  }
  // Signed as the app reads it back (the URL parser's form: lower-case host, trailing slash).
  const url = new URL(file.updateUrl.trim()).href;
  if (!url.startsWith('https://')) {
    console.error('"updateUrl" must use https');
    process.exit(1);
  }
  file.updateUrl = url;
  file.updateUrlSignature = signFeed(url, readFileSync(first, 'utf8'));
  writeFileSync(second, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`Signed ${url} in ${second}`);
} else {
  usage();
}
