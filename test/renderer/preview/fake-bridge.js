/* global window */
/**
 * The preview's `window.daka`, installed by Playwright before the page's own
 * scripts (init scripts are not subject to the page's CSP). Plain JavaScript
 * on purpose: it is injected as is, without a bundler. It answers from
 * `window.__dakaPreview` = { snapshot, replies: {channel: Result}, pending: [channel] }.
 */
(() => {
  const data = window.__dakaPreview;
  const listeners = new Map();
  const snapshotChannels = new Set([
    'getSnapshot',
    'refresh',
    'outboxDiscard',
    'snooze',
    'notToday',
    'updateSettings',
    'setRobotSecret',
    'setStartAtLogin',
    'acceptWeakStorage',
    'importProvisioning',
    'setCredentials',
    'setServer',
    'cancelLogin',
    'signOut',
    'forgetCredentials',
    'startDemo',
  ]);
  const answer = (channel) => {
    if (data.pending.includes(channel)) return new Promise(() => undefined);
    const canned = data.replies[channel];
    if (canned) return Promise.resolve(canned);
    if (snapshotChannels.has(channel)) return Promise.resolve({ ok: true, value: data.snapshot });
    return Promise.resolve({ ok: true, value: null });
  };
  window.daka = new Proxy(
    {},
    {
      get: (_target, name) =>
        name === 'on'
          ? (event, listener) => {
              const set = listeners.get(event) ?? new Set();
              set.add(listener);
              listeners.set(event, set);
              return () => set.delete(listener);
            }
          : () => answer(name),
    },
  );
  window.__dakaEmit = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
})();
