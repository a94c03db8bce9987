/**
 * DingTalk's sign-in code → the person's userid and nick: the same exchange
 * the desktops' sign-in makes (server/auth/login.ts), userAccessToken →
 * users/me → getbyunionid. The userid comes only from DingTalk.
 */
import type { DingTalkApi } from '../../main/dingtalk/types';

export type Exchange = Pick<DingTalkApi, 'userAccessToken' | 'me' | 'userIdByUnionId'>;

export async function identifyByCode(
  dingtalk: Exchange,
  code: string,
): Promise<{ userId: string; name: string | null }> {
  const token = await dingtalk.userAccessToken(code);
  const me = await dingtalk.me(token.accessToken);
  const userId = await dingtalk.userIdByUnionId(me.unionId);
  return { userId, name: me.nick };
}
