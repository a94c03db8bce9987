/**
 * The Ed25519 public keys (SPKI PEM) whose signature lets a provisioning file name the
 * update feed (main/settings/update-feed.ts). Baked into the build: an organisation that
 * wants to choose the feed per file puts its key here before `npm run package`
 * (`npm run update-feed -- keygen` prints both halves; docs/packaging.md). Empty: no
 * provisioning file can name a feed, only the build's own (electron-builder.yml `publish`).
 */
export const TRUSTED_FEED_KEYS: readonly string[] = [];
