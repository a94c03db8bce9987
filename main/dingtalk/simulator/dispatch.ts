/**
 * One request from socket to reply: log it, apply any injected fault, route it
 * through the guards to its handler, stamp the simulated Date header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES } from './api';
import { faultName, floodBanHtml, floodBanJson, gatewayPage } from './faults';
import type { Fault } from './faults';
import { runRoute } from './guards';
import { parseBody, readBody, remoteIp, send } from './http';
import type { ParsedBody } from './http';
import { ERRMSG, apiError, oapiError, requestId } from './replies';
import type { Reply } from './replies';
import type { Ctx, Family, Route } from './route';
import { str } from './route';
import type { RequestLogEntry, SimState } from './state';

/** Real-time waits that close() can cancel. */
export type Sleep = (ms: number) => Promise<void>;

function familyOf(path: string): Family {
  if (path.startsWith('/v1.0/')) return 'api';
  if (path.startsWith('/oauth2/')) return 'login';
  return 'oapi';
}

function notFound(path: string): Reply {
  return familyOf(path) === 'api'
    ? apiError(404, 'InvalidAction.NotFound', `Specified api is not found: ${path}`)
    : { kind: 'json', status: 404, body: { errcode: 404, errmsg: ERRMSG[404] } };
}

function resolve(method: string, path: string): Route | Reply {
  const same = ROUTES.filter((r) => r.path === path);
  const route = same.find((r) => r.method === method);
  if (route) return route;
  const other = same[0];
  if (!other) return notFound(path);
  if (other.family === 'api') return apiError(405, 'MethodNotAllowed', `Use ${other.method}`);
  return oapiError(other.method === 'GET' ? 43001 : 43002);
}

function bodyProblem(parsed: ParsedBody, family: Family): Reply | null {
  if (parsed.ok) return null;
  if (family === 'api') return apiError(400, 'InvalidParameter.Body', '请求体不是合法的JSON');
  return parsed.problem === 'json'
    ? oapiError(40035, '不合法的参数：请求体不是合法的JSON')
    : oapiError(43004);
}

/** The app a request speaks for, even when it will fail (for the log and 'revokeToken'). */
function appOf(route: Route | Reply, ctx: Ctx): string | null {
  if (!('handle' in route)) return null;
  if (route.appToken) {
    const token = ctx.query.access_token ?? str(ctx.body.access_token);
    return (token && ctx.sim.appTokens.owner(token)) ?? null;
  }
  return (route.appKeyOf && ctx.sim.app(route.appKeyOf(ctx))?.appKey) ?? null;
}

/** The reply of a fault that answers instead of the handler; null for the others. */
function faultReply(fault: Fault, path: string, ip: string): Reply | null {
  if (fault === 'floodBanHtml') return floodBanHtml(ip);
  if (fault === 'floodBanJson') return floodBanJson();
  if (typeof fault === 'string') return null;
  if ('status' in fault) return gatewayPage(fault.status);
  if ('errcode' in fault) {
    const errmsg = fault.errmsg ?? ERRMSG[fault.errcode] ?? '系统错误';
    return familyOf(path) === 'api'
      ? apiError(fault.errcode === -1 ? 503 : 400, String(fault.errcode), errmsg)
      : oapiError(fault.errcode, errmsg);
  }
  return null;
}

const dropsWhen = (fault: Fault | undefined): 'before' | 'after' | null => {
  if (fault === 'drop') return 'before';
  if (typeof fault === 'object' && 'drop' in fault) return fault.drop;
  return null;
};

export function createRequestHandler(sim: SimState, sleep: Sleep) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const parsed = parseBody(req.headers['content-type'], await readBody(req));
    const ip = str(req.headers['x-sim-client-ip']) ?? sim.clientIp ?? remoteIp(req);
    const entry: RequestLogEntry = {
      method,
      path,
      query,
      body: parsed.logged,
      at: sim.now(),
      app: null,
      status: null,
      errcode: null,
      code: null,
      fault: null,
    };
    sim.requests.push(entry);
    const ctx: Ctx = {
      sim,
      now: sim.now(),
      path,
      query,
      body: parsed.ok ? parsed.value : {},
      headers: req.headers,
      ip,
      app: null,
    };
    const route = resolve(method, path);
    entry.app = appOf(route, ctx);

    const fault = sim.faults.take(path);
    if (fault !== undefined) entry.fault = faultName(fault);
    if (typeof fault === 'object' && 'latencyMs' in fault) await sleep(fault.latencyMs);
    if (dropsWhen(fault) === 'before') {
      req.socket.destroy();
      return;
    }
    if (fault === 'revokeToken' && entry.app) sim.appTokens.revokeAll(entry.app);

    let reply = fault === undefined ? null : faultReply(fault, path, ip);
    if (!reply) {
      ctx.now = sim.now();
      reply = 'handle' in route ? runRoute(route, ctx, bodyProblem(parsed, route.family)) : route;
      entry.app = ctx.app?.appKey ?? entry.app;
    }
    if (dropsWhen(fault) === 'after') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'object' && 'replyAfterMs' in fault) await sleep(fault.replyAfterMs);
    if (
      reply.kind === 'json' &&
      path.startsWith('/topapi/') &&
      'errcode' in reply.body &&
      !('request_id' in reply.body)
    ) {
      reply.body.request_id = requestId();
    }
    const date = new Date(sim.now() + sim.dateSkewMs).toUTCString();
    const sent = send(res, reply, date, fault === 'malformedJson');
    entry.status = sent.status;
    entry.errcode = sent.errcode;
    entry.code = sent.code;
  };
}
