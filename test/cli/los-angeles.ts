/**
 * Imported FIRST by tz.test.ts: import declarations are hoisted, so setting
 * TZ in the test's own body would run after every other module had loaded.
 * Node applies a TZ assigned at run time to Date and to Intl's default zone.
 */
export const ORIGINAL_TZ = process.env.TZ;
export const PROCESS_TZ = 'America/Los_Angeles';
process.env.TZ = PROCESS_TZ;
