/**
 * Builds the transport request for an endpoint of the table: URL from the
 * configured base, the app token in the query (legacy APIs), the secrets to
 * scrub from errors.
 */
import type { z } from 'zod';
import { apiName, type Endpoint } from './endpoints';
import type { TransportRequest } from './transport';
import type { DingTalkConfig } from './types';

export interface EndpointCall<T> {
  schema: z.ZodType<T>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The app token, sent as ?access_token= on legacy APIs. */
  appToken?: string;
  /** Further values to keep out of errors (user tokens, login codes). */
  secrets?: readonly string[];
}

export function endpointRequest<T>(
  config: DingTalkConfig,
  endpoint: Endpoint,
  call: EndpointCall<T>,
): TransportRequest<T> {
  const base = endpoint.host === 'oapi' ? config.oapiBase : config.apiBase;
  const query = new URLSearchParams(call.query);
  if (call.appToken !== undefined) query.set('access_token', call.appToken);
  const search = query.toString();
  return {
    api: apiName(endpoint),
    url: `${base}${endpoint.path}${search ? `?${search}` : ''}`,
    method: endpoint.method,
    headers: call.headers,
    body: call.body,
    dialect: endpoint.host === 'oapi' ? 'oapi' : 'v1',
    schema: call.schema,
    quotaCounted: endpoint.quotaCounted,
    token: endpoint.token,
    appToken: call.appToken !== undefined,
    permission: endpoint.permission,
    secrets: [config.appSecret, ...(call.appToken ? [call.appToken] : []), ...(call.secrets ?? [])],
  };
}
