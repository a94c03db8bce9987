/** Every route the simulator serves, on one port. */
import { getUserGroup, listByDay, listByUsers } from './schedule';
import { getByMobile, getByUnionId, usersMe } from './contact';
import { authorize, consent, userAccessToken } from './login';
import { listRecord, listResults, upload } from './attendance';
import { robotSend } from './robot';
import { accessToken, gettoken } from './token';
import type { Route } from '../route';

export const ROUTES: readonly Route[] = [
  gettoken,
  accessToken,
  upload,
  listRecord,
  listResults,
  listByDay,
  listByUsers,
  getUserGroup,
  getByMobile,
  getByUnionId,
  usersMe,
  authorize,
  consent,
  userAccessToken,
  robotSend,
];
