/**
 * The console's JSON API under /admin/api: each route is guarded (guard.ts),
 * validates its input with a strict zod schema, does one thing, and writes
 * an audit row for every action that changes something or takes data out.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { ADMIN_ACTIONS, actorOf, audit } from './audit';
import { csvFileName, punchesCsv } from './csv';
import type { AdminDeps } from './deps';
import { listDevices, liveSession, liveSessionsOf } from './devices';
import { adminGuard, adminOf } from './guard';
import type { CookieSetup } from './login';
import { employees, queryPunches } from './punch-log';
import { quotaView } from './quota';
import { endSession, IDLE_MS } from './session';
import {
  ADMIN_API,
  csvQuery,
  devicesReply,
  healthReply,
  type HealthReply,
  meReply,
  policiesBody,
  policiesReply,
  punchesReply,
  punchQuery,
  quotaReply,
  revokedReply,
  sessionParams,
  userParams,
} from './ui/contract';

const noQuery = z.object({}).strict();
const PAGE_LIMIT = 200;
/** The CSV holds the whole selection, up to this many rows. */
const CSV_LIMIT = 100_000;
export const ADMIN_REVOKE_REASON = 'revoked-by-admin';

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

export function registerAdminApi(
  fastify: FastifyInstance,
  deps: AdminDeps,
  cookies: CookieSetup,
  routeConfig: object,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: [adminGuard(deps, cookies.names.session)], config: routeConfig };
  const hide = { hide: true } as const;
  const now = () => deps.clock.now();

  app.get(
    `${ADMIN_API}/me`,
    { ...opts, schema: { ...hide, querystring: noQuery, response: { 200: meReply } } },
    async (request, reply) => {
      const admin = adminOf(request);
      noStore(reply);
      return {
        user: { userId: admin.userId, name: admin.userName },
        csrfToken: admin.csrfToken,
        expiresAt: admin.expiresAt,
        idleMs: IDLE_MS,
        timeZone: deps.config.timeZone,
        version: deps.version,
      };
    },
  );

  app.post(
    `${ADMIN_API}/logout`,
    { ...opts, schema: { ...hide, querystring: noQuery } },
    async (request, reply) => {
      const admin = adminOf(request);
      await endSession(deps.db, admin.idHash, now());
      await audit(deps.db, {
        at: now(),
        actor: actorOf(admin.userId),
        action: ADMIN_ACTIONS.signOut,
        ip: request.ip || null,
      });
      reply.clearCookie(cookies.names.session, {
        httpOnly: true,
        secure: cookies.secure,
        sameSite: 'strict',
        path: '/',
      });
      return reply.code(204).send();
    },
  );

  app.get(
    `${ADMIN_API}/health`,
    { ...opts, schema: { ...hide, querystring: noQuery, response: { 200: healthReply } } },
    async (_request, reply) => {
      const checks = (await deps.health.checks()) as HealthReply['checks'];
      const stream = deps.stream();
      noStore(reply);
      return { at: now(), checks, stream: stream as HealthReply['stream'] };
    },
  );

  app.get(
    `${ADMIN_API}/quota`,
    { ...opts, schema: { ...hide, querystring: noQuery, response: { 200: quotaReply } } },
    async (_request, reply) => {
      noStore(reply);
      return quotaView(deps.meter(), now(), deps.config.timeZone);
    },
  );

  app.get(
    `${ADMIN_API}/devices`,
    { ...opts, schema: { ...hide, querystring: noQuery, response: { 200: devicesReply } } },
    async (_request, reply) => {
      noStore(reply);
      return { devices: await listDevices(deps.db) };
    },
  );

  app.delete(
    `${ADMIN_API}/devices/:sessionId`,
    {
      ...opts,
      schema: {
        ...hide,
        querystring: noQuery,
        params: sessionParams,
        response: { 200: revokedReply },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const session = await liveSession(deps.db, request.params.sessionId);
      if (!session) throw new AppError('invalidInput', 'No such device', { field: 'sessionId' });
      const actor = actorOf(admin.userId);
      await deps.revoke(session.id, ADMIN_REVOKE_REASON, actor);
      await audit(deps.db, {
        at: now(),
        actor,
        action: ADMIN_ACTIONS.revokeDevice,
        subject: session.id,
        detail: { userId: session.user_id, device: session.device_name },
        ip: request.ip || null,
      });
      return { revoked: 1 };
    },
  );

  app.post(
    `${ADMIN_API}/users/:userId/revoke`,
    {
      ...opts,
      schema: {
        ...hide,
        querystring: noQuery,
        params: userParams,
        response: { 200: revokedReply },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const { userId } = request.params;
      const actor = actorOf(admin.userId);
      const ids = await liveSessionsOf(deps.db, userId);
      for (const id of ids) await deps.revoke(id, ADMIN_REVOKE_REASON, actor);
      await audit(deps.db, {
        at: now(),
        actor,
        action: ADMIN_ACTIONS.revokeUser,
        subject: userId,
        detail: { sessions: ids.length },
        ip: request.ip || null,
      });
      return { revoked: ids.length };
    },
  );

  app.get(
    `${ADMIN_API}/punches`,
    { ...opts, schema: { ...hide, querystring: punchQuery, response: { 200: punchesReply } } },
    async (request, reply) => {
      const { limit, ...filter } = request.query;
      const found = await queryPunches(deps.db, deps.config.timeZone, filter, limit ?? PAGE_LIMIT);
      noStore(reply);
      return { ...found, employees: await employees(deps.db) };
    },
  );

  app.get(
    `${ADMIN_API}/punches.csv`,
    { ...opts, schema: { ...hide, querystring: csvQuery } },
    async (request, reply) => {
      const admin = adminOf(request);
      const { lang, ...filter } = request.query;
      const { punches, total } = await queryPunches(
        deps.db,
        deps.config.timeZone,
        filter,
        CSV_LIMIT,
      );
      await audit(deps.db, {
        at: now(),
        actor: actorOf(admin.userId),
        action: ADMIN_ACTIONS.exportCsv,
        detail: { filter, rows: punches.length, total },
        ip: request.ip || null,
      });
      noStore(reply);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${csvFileName(filter.from, filter.to)}"`,
        )
        .send(punchesCsv(punches, lang, deps.config.timeZone));
    },
  );

  app.get(
    `${ADMIN_API}/policies`,
    { ...opts, schema: { ...hide, querystring: noQuery, response: { 200: policiesReply } } },
    async (_request, reply) => {
      noStore(reply);
      return { policies: deps.policies.get() };
    },
  );

  app.put(
    `${ADMIN_API}/policies`,
    {
      ...opts,
      schema: {
        ...hide,
        querystring: noQuery,
        body: policiesBody,
        response: { 200: policiesReply },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const before = deps.policies.get();
      const actor = actorOf(admin.userId);
      // policies.set keeps them, writes 'policies.set' and broadcasts 'policy' to desktops.
      await deps.policies.set(request.body, actor);
      await audit(deps.db, {
        at: now(),
        actor,
        action: ADMIN_ACTIONS.setPolicies,
        detail: { before, after: request.body },
        ip: request.ip || null,
      });
      return { policies: deps.policies.get() };
    },
  );
}
