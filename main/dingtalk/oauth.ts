/**
 * Browser login (DOC:obtain-identity-credentials, obtain-user-token): the
 * authorize URL the system browser opens, then the two new-API calls that turn
 * the returned code into the employee's unionId.
 */
import { ENDPOINTS } from './endpoints';
import type { Caller } from './http';
import { endpointRequest } from './requests';
import type { DingTalkConfig, MeInfo, UserToken } from './types';
import { meReply, userAccessTokenReply } from './wire';

/** Step 1: `{loginBase}/oauth2/auth?redirect_uri=…&response_type=code&client_id=…&scope=openid&state=…&prompt=consent`. */
export function authorizeUrl(config: DingTalkConfig, redirectUri: string, state: string): string {
  const enc = encodeURIComponent;
  return (
    `${config.loginBase}/oauth2/auth?redirect_uri=${enc(redirectUri)}&response_type=code` +
    `&client_id=${enc(config.appKey)}&scope=openid&state=${enc(state)}&prompt=consent`
  );
}

/**
 * Step 2. One attempt only: the code is single-use, so a retry after a lost
 * reply would fail with a misleading "invalid code".
 */
export async function userAccessToken(
  caller: Caller,
  config: DingTalkConfig,
  code: string,
): Promise<UserToken> {
  const reply = await caller.once({
    appToken: false,
    build: () =>
      endpointRequest(config, ENDPOINTS.userAccessToken, {
        schema: userAccessTokenReply,
        body: {
          clientId: config.appKey,
          clientSecret: config.appSecret,
          code,
          grantType: 'authorization_code',
        },
        secrets: [code],
      }),
  });
  return {
    accessToken: reply.accessToken,
    refreshToken: reply.refreshToken,
    expireIn: reply.expireIn,
    corpId: reply.corpId ?? null,
  };
}

/** Step 3: who the user token belongs to (no userid here: see contacts.userIdByUnionId). */
export async function me(
  caller: Caller,
  config: DingTalkConfig,
  userToken: string,
): Promise<MeInfo> {
  const reply = await caller.read({
    appToken: false,
    build: () =>
      endpointRequest(config, ENDPOINTS.me, {
        schema: meReply,
        headers: { 'x-acs-dingtalk-access-token': userToken },
        secrets: [userToken],
      }),
  });
  return {
    nick: reply.nick ?? null,
    unionId: reply.unionId,
    openId: reply.openId ?? null,
    mobile: reply.mobile ?? null,
  };
}
