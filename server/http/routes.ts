/**
 * The /v1 routes: each one validates its input with the shared zod schema,
 * calls one room, and serialises the reply through the schema too. None takes
 * a userid: every call acts on the authenticated session's own employee, and
 * every schema is strict, so an extra `userId` key is a 400, not ignored.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorReply,
  healthReply,
  type HealthReply,
  loginStartQuery,
  meReply,
  PATHS,
  punchReply,
  punchRequest,
  recordsQuery,
  recordsReply,
  scheduleQuery,
  scheduleReply,
  SERVER_API_VERSION,
  sessionsReply,
  tokenReply,
  tokenRequest,
} from '../../shared/server-api';
import { registerHistoryRoute } from '../history/route';
import { authenticateHook, dpopHeader, requestMeta, sessionOf, tokenRateKey } from './auth-hook';
import type { EventStreams } from './events';
import type { HttpOptions, HttpServices } from './types';

const noQuery = z.object({}).strict();
const errors = { '4xx': errorReply, '5xx': errorReply } as const;

/** No cache, no referrer: these replies carry codes, tokens, or one employee's day. */
function privateReply(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
}

export function registerAuthRoutes(
  fastify: FastifyInstance,
  services: HttpServices,
  options: HttpOptions,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const perIp = { rateLimit: options.rateLimit.perIp };

  app.get(
    PATHS.authLogin,
    {
      schema: { querystring: loginStartQuery, tags: ['auth'] },
      config: { htmlErrors: true, ...perIp },
    },
    async (request, reply) => {
      const url = await services.auth.startLogin(request.query);
      privateReply(reply);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    PATHS.authCallback,
    {
      schema: {
        // Whatever DingTalk sends back (code, authCode, state, error...): the auth room judges it.
        querystring: z.record(z.string().max(64), z.string().max(2048)),
        tags: ['auth'],
      },
      config: { htmlErrors: true, ...perIp },
    },
    async (request, reply) => {
      const url = await services.auth.callback(request.query);
      privateReply(reply);
      return reply.redirect(url, 302);
    },
  );

  app.post(
    PATHS.authToken,
    {
      schema: {
        querystring: noQuery,
        body: tokenRequest,
        response: { 200: tokenReply, ...errors },
        tags: ['auth'],
      },
      config: { rateLimit: { ...options.rateLimit.perIp, keyGenerator: tokenRateKey } },
    },
    async (request, reply) => {
      const meta = requestMeta(request, options.publicUrl);
      const result = await services.auth.token(request.body, dpopHeader(request), meta);
      privateReply(reply);
      return result;
    },
  );
}

export function registerDataRoutes(
  fastify: FastifyInstance,
  services: HttpServices,
  options: HttpOptions,
  streams: EventStreams,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const preHandler = [authenticateHook(services.auth, options.publicUrl)];
  const meta = (request: Parameters<typeof requestMeta>[0]) =>
    requestMeta(request, options.publicUrl);
  const security = [{ dpop: [] }];

  app.post(
    PATHS.authLogout,
    { preHandler, schema: { querystring: noQuery, tags: ['auth'], security } },
    async (request, reply) => {
      await services.auth.logout(sessionOf(request), meta(request));
      return reply.code(204).send();
    },
  );

  app.get(
    PATHS.me,
    {
      preHandler,
      schema: { querystring: noQuery, response: { 200: meReply, ...errors }, security },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      privateReply(reply);
      return {
        user: { userId: session.userId, name: session.userName },
        policies: services.policies.get(),
        timeZone: options.timeZone,
        server: { version: options.version, apiVersion: SERVER_API_VERSION, mode: options.mode },
        session: { id: session.id, deviceName: session.deviceName, createdAt: session.createdAt },
      };
    },
  );

  app.get(
    PATHS.schedule,
    {
      preHandler,
      schema: { querystring: scheduleQuery, response: { 200: scheduleReply, ...errors }, security },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const entries = await services.dayData.schedule(session.userId, request.query.date);
      privateReply(reply);
      return { date: request.query.date, entries };
    },
  );

  app.get(
    PATHS.records,
    {
      preHandler,
      schema: { querystring: recordsQuery, response: { 200: recordsReply, ...errors }, security },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { from, to } = request.query;
      const records = await services.dayData.records(session.userId, from, to);
      privateReply(reply);
      return { records };
    },
  );

  registerHistoryRoute(fastify, services, options, preHandler);

  app.post(
    PATHS.punches,
    {
      preHandler,
      schema: {
        querystring: noQuery,
        body: punchRequest,
        response: { 200: punchReply, 202: punchReply, ...errors },
        security,
      },
    },
    async (request, reply) => {
      const punch = await services.punches.accept(sessionOf(request), request.body, meta(request));
      privateReply(reply);
      // 202: committed, on its way to DingTalk; 200: this intent is already settled.
      return reply.code(punch.state === 'accepted' ? 202 : 200).send({ punch });
    },
  );

  app.get(
    PATHS.punch,
    {
      preHandler,
      schema: {
        querystring: noQuery,
        params: z.object({ intentId: z.uuid() }).strict(),
        response: { 200: punchReply, ...errors },
        security,
      },
    },
    async (request, reply) => {
      const punch = await services.punches.get(sessionOf(request), request.params.intentId);
      privateReply(reply);
      return { punch };
    },
  );

  app.get(
    PATHS.sessions,
    {
      preHandler,
      schema: { querystring: noQuery, response: { 200: sessionsReply, ...errors }, security },
    },
    async (request, reply) => {
      const sessions = await services.auth.listSessions(sessionOf(request));
      privateReply(reply);
      return sessions;
    },
  );

  app.delete(
    PATHS.session,
    {
      preHandler,
      schema: {
        querystring: noQuery,
        params: z.object({ sessionId: z.string().min(1).max(64) }).strict(),
        security,
      },
    },
    async (request, reply) => {
      await services.auth.revokeOwn(sessionOf(request), request.params.sessionId, meta(request));
      return reply.code(204).send();
    },
  );

  app.get(
    PATHS.health,
    {
      preHandler,
      schema: { querystring: noQuery, response: { 200: healthReply, ...errors }, security },
    },
    async (request, reply) => {
      sessionOf(request);
      // DoctorCheck's error is an AppErrorPayload, whose ErrorDetail interface has no index signature.
      const all = (await services.health.checks()) as HealthReply['checks'];
      // Whose day the doctor read (an administrator, or whoever signed in last) is for the
      // admin console, not for every employee.
      const checks = all.map((c) => ({
        ...c,
        facts: Object.fromEntries(Object.entries(c.facts).filter(([k]) => k !== 'probedAs')),
      }));
      privateReply(reply);
      return { at: options.clock.now(), version: options.version, checks, quota: services.quota() };
    },
  );

  app.get(
    PATHS.events,
    {
      preHandler,
      schema: {
        querystring: noQuery,
        description:
          'Server-Sent Events: `day`, `punch`, `policy`, `revoked` (then the stream ends); a comment every ~25 s.',
        security,
      },
    },
    async (request, reply) => {
      streams.open(request, reply, sessionOf(request));
      return reply;
    },
  );
}
