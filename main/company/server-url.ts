/**
 * The company server's address, as typed or read from a provisioning file:
 * https, or plain http only on this machine (a test server, the simulator).
 * Kept without a trailing slash so `${server}${PATHS.me}` is the request URL
 * and also the DPoP `htu` the server checks.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The normalised URL, or a sentence saying why it is not acceptable. */
export function checkServerUrl(text: string): { url: string } | { problem: string } {
  const trimmed = text.trim();
  // A bare host name is what people type: assume https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: 'The server address is not a URL' };
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { problem: 'The server address must use https (http only for 127.0.0.1 or localhost)' };
  }
  if (url.username !== '' || url.password !== '') {
    return { problem: 'The server address must not contain a user name or password' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { problem: 'The server address must not have a query or fragment' };
  }
  return { url: url.href.replace(/\/+$/, '') };
}
