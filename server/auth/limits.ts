/**
 * The sign-in's lifetimes and bounds, in one place so a security review reads
 * them together.
 */

/** A browser login (the `state` sent to DingTalk) must come back within this. */
export const LOGIN_TTL_MS = 10 * 60_000;
/** The one-time code handed to the desktop's loopback receiver (RFC 6749 §4.1.2: short). */
export const CODE_TTL_MS = 60_000;
/** Access tokens are short: a revocation is felt at the latest this long after. */
export const ACCESS_TTL_MS = 10 * 60_000;
/** A refresh token not used for this long ends the session (each refresh issues a new one). */
export const REFRESH_TTL_MS = 30 * 24 * 3_600_000;
/** DPoP proofs: `iat` within ±this of the server's clock (RFC 9449 §11.1 leaves it to us). */
export const PROOF_MAX_SKEW_S = 60;
/** A proof longer than this is refused before any parsing. */
export const PROOF_MAX_LENGTH = 8_192;
/** `jti`s remembered at most (in memory); beyond it the oldest are forgotten first. */
export const REPLAY_CACHE_MAX = 100_000;
/** `last_seen_at` / `last_ip` are written at most this often per session (not on every request). */
export const LAST_SEEN_EVERY_MS = 60_000;
/** Expired logins, codes and refresh tokens are deleted at most this often. */
export const PRUNE_EVERY_MS = 10 * 60_000;
/** ...and a login or code only this long after it expired, so a late one is told it is late. */
export const PRUNE_GRACE_MS = 24 * 3_600_000;
