/**
 * Fetching the app access token (enterprise internal app): the legacy
 * gettoken the client uses for oapi calls, and the v1.0 equivalent.
 */
import type { Clock } from '../ports';
import { ENDPOINTS } from './endpoints';
import type { Caller } from './http';
import { endpointRequest } from './requests';
import type { DingTalkConfig, PersistedToken } from './types';
import { gettokenReply, v1AccessTokenReply } from './wire';

/** `GET /gettoken?appkey=&appsecret=` → `{access_token, expires_in}`. */
export async function fetchLegacyToken(
  caller: Caller,
  config: DingTalkConfig,
  clock: Clock,
): Promise<PersistedToken> {
  const reply = await caller.read({
    appToken: false,
    build: () =>
      endpointRequest(config, ENDPOINTS.gettoken, {
        schema: gettokenReply,
        query: { appkey: config.appKey, appsecret: config.appSecret },
      }),
  });
  return { token: reply.access_token, expiresAt: clock.now() + reply.expires_in * 1000 };
}

/** `POST /v1.0/oauth2/accessToken {appKey, appSecret}` → `{accessToken, expireIn}`. */
export async function fetchV1AccessToken(
  caller: Caller,
  config: DingTalkConfig,
  clock: Clock,
): Promise<PersistedToken> {
  const reply = await caller.read({
    appToken: false,
    build: () =>
      endpointRequest(config, ENDPOINTS.v1AccessToken, {
        schema: v1AccessTokenReply,
        body: { appKey: config.appKey, appSecret: config.appSecret },
      }),
  });
  return { token: reply.accessToken, expiresAt: clock.now() + reply.expireIn * 1000 };
}
