/**
 * Raw HTTP helpers for the simulator's own tests: plain fetch, no client code.
 */
import { parseDingTalk } from '../../shared/time';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  demoOrg,
  startSimulator,
} from '../../main/dingtalk/simulator';
import type { SimOrg, Simulator } from '../../main/dingtalk/simulator';

export const SH = 'Asia/Shanghai';

/** Epoch ms of a Shanghai wall-clock time "yyyy-MM-dd HH:mm[:ss]". */
export const sh = (text: string): number => parseDingTalk(text, SH);

/** 2026-11-23 is a Monday; the demo org works Monday to Friday. */
export const MONDAY = '2026-11-23';
export const TUESDAY = '2026-11-24';
export const SATURDAY = '2026-11-28';

export async function startAt(text: string, org: SimOrg = demoOrg()): Promise<Simulator> {
  return startSimulator({ org, clock: new SimClock({ start: sh(text) }) });
}

// Replies are DingTalk JSON of many shapes; tests read fields by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Res {
  status: number;
  json: Json;
  text: string;
  headers: Headers;
}

async function toRes(response: Response): Promise<Res> {
  const text = await response.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}

export async function get(
  sim: Simulator,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<Res> {
  return toRes(await fetch(`${sim.urls.oapiBase}${pathAndQuery}`, { headers, redirect: 'manual' }));
}

export async function post(
  sim: Simulator,
  pathAndQuery: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  return toRes(
    await fetch(`${sim.urls.oapiBase}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

export async function appToken(
  sim: Simulator,
  appKey = DEMO_APP_KEY,
  appSecret = DEMO_APP_SECRET,
): Promise<string> {
  const res = await get(sim, `/gettoken?appkey=${appKey}&appsecret=${appSecret}`);
  if (res.json?.errcode !== 0) throw new Error(`gettoken failed: ${res.text}`);
  return res.json.access_token as string;
}

/** POST to a legacy API with an app token. */
export async function call(
  sim: Simulator,
  token: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  return post(sim, `${path}?access_token=${token}`, body, headers);
}

export async function upload(
  sim: Simulator,
  token: string,
  userid: string,
  at: number,
  deviceId = 'daka-test-device',
): Promise<Res> {
  return call(sim, token, '/topapi/attendance/record/upload', {
    userid,
    device_name: 'Daka',
    device_id: deviceId,
    user_check_time: at,
  });
}

export async function listByDay(
  sim: Simulator,
  token: string,
  userid: string,
  at: number,
): Promise<Res> {
  return call(sim, token, '/topapi/attendance/schedule/listbyday', {
    op_user_id: userid,
    user_id: userid,
    date_time: at,
  });
}

export async function results(
  sim: Simulator,
  token: string,
  userIds: string[],
  from: string,
  to = from,
): Promise<Json[]> {
  const rows: Json[] = [];
  for (let offset = 0; ; offset += 50) {
    const res = await call(sim, token, '/attendance/list', {
      workDateFrom: `${from} 00:00:00`,
      workDateTo: `${to} 00:00:00`,
      userIdList: userIds,
      offset,
      limit: 50,
      isI18n: false,
    });
    if (res.json.errcode !== 0) throw new Error(`attendance/list failed: ${res.text}`);
    rows.push(...res.json.recordresult);
    if (!res.json.hasMore) return rows;
  }
}

export async function records(
  sim: Simulator,
  token: string,
  userIds: string[],
  from: string,
  to: string,
): Promise<Res> {
  return call(sim, token, '/attendance/listRecord', {
    userIds,
    checkDateFrom: from,
    checkDateTo: to,
    isI18n: false,
  });
}
