/**
 * Who the employee is: their userid from a mobile number or a unionId. Both
 * are contact calls, exempt from the monthly quota (dingtalk-api.md §9).
 */
import { AppError } from '../../shared/errors';
import { ENDPOINTS, apiName } from './endpoints';
import type { Caller } from './http';
import { endpointRequest } from './requests';
import type { DingTalkConfig } from './types';
import { getByMobileReply, getByUnionIdReply } from './wire';

export async function userIdByMobile(
  caller: Caller,
  config: DingTalkConfig,
  mobile: string,
): Promise<string> {
  const reply = await caller.read({
    appToken: true,
    build: (token) =>
      endpointRequest(config, ENDPOINTS.getByMobile, {
        schema: getByMobileReply,
        body: { mobile },
        appToken: token,
      }),
  });
  return reply.result.userid;
}

export async function userIdByUnionId(
  caller: Caller,
  config: DingTalkConfig,
  unionId: string,
): Promise<string> {
  const reply = await caller.read({
    appToken: true,
    build: (token) =>
      endpointRequest(config, ENDPOINTS.getByUnionId, {
        schema: getByUnionIdReply,
        body: { unionid: unionId },
        appToken: token,
      }),
  });
  // contact_type 1 is an external contact: known to the org, but not an employee who can punch.
  const contactType = reply.result.contact_type ?? '0';
  if (contactType !== '0') {
    throw new AppError(
      'userNotFound',
      'The DingTalk account is not an employee of this organisation',
      {
        api: apiName(ENDPOINTS.getByUnionId),
        dingtalkCode: `contact_type ${contactType}`,
      },
    );
  }
  return reply.result.userid;
}
