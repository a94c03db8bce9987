/**
 * The company server's address as the employee typed it, checked here first
 * so the field can say what is wrong in their language. The rules are main's
 * (main/company/server-url.ts): https, plain http only on this machine, no
 * user name, password, query or fragment; a bare host name means https.
 * Main checks again and stays the judge.
 */

export type AddressProblem = 'empty' | 'notUrl' | 'notHttps' | 'credentials' | 'query';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function serverAddressProblem(text: string): AddressProblem | null {
  const trimmed = text.trim();
  if (!trimmed) return 'empty';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return 'notUrl';
  }
  if (!url.hostname) return 'notUrl';
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'notHttps';
  if (url.username !== '' || url.password !== '') return 'credentials';
  if (url.search !== '' || url.hash !== '') return 'query';
  return null;
}

export const ADDRESS_PROBLEM_KEY = {
  empty: 'onboarding.required',
  notUrl: 'onboarding.serverNotUrl',
  notHttps: 'onboarding.serverNotHttps',
  credentials: 'onboarding.serverCredentials',
  query: 'onboarding.serverQuery',
} as const satisfies Record<AddressProblem, string>;
