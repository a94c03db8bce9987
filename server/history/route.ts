/**
 * GET /v1/history?from&to: like every /v1 data route it takes no userid (the
 * schema is strict: an extra `userId` is a 400) and answers for the session's
 * own employee only, privately (no-store).
 */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorReply, historyQuery, historyReply, PATHS } from '../../shared/server-api';
import { sessionOf } from '../http/auth-hook';
import type { HttpOptions, HttpServices } from '../http/types';
import { createServerHistory } from './service';

export function registerHistoryRoute(
  fastify: FastifyInstance,
  services: HttpServices,
  options: HttpOptions,
  preHandler: preHandlerHookHandler[],
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const history = createServerHistory({
    dayData: services.dayData,
    clock: options.clock,
    timeZone: options.timeZone,
  });
  app.get(
    PATHS.history,
    {
      preHandler,
      schema: {
        querystring: historyQuery,
        response: { 200: historyReply, '4xx': errorReply, '5xx': errorReply },
        security: [{ dpop: [] }],
        description:
          "My past days (≤ 31 dates, within 180 days, none after today) from the server's caches.",
      },
    },
    async (request, reply) => {
      const days = await history.days(sessionOf(request), request.query.from, request.query.to);
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return { days };
    },
  );
}
