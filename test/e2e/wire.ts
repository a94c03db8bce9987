/** The harness's HTTP surface, shared by the server (harness.ts) and the page's bridge (bridge-client.ts). */

/** POST <base><channel> runs a channel; GET <base>events is the event stream; <base>bridge.js the bridge. */
export const BRIDGE_BASE = '/__daka/';
