/**
 * The server's HTTP layer: Fastify with zod schemas from shared/server-api.ts
 * (validation in, serialisation out, the OpenAPI document generated from the
 * same schemas), a small body limit, per-session rate limits, and one error
 * handler that turns everything into `{ error: AppErrorPayload }` with a
 * status. Routes only translate; the rooms in `services` decide.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { PATHS, SERVER_API_VERSION } from '../../shared/server-api';
import { rateKey } from './auth-hook';
import { errorPage } from './error-page';
import { mapError } from './errors';
import { createEventStreams, type EventStreams } from './events';
import { registerAuthRoutes, registerDataRoutes } from './routes';
import type { HttpOptions, HttpServices } from './types';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Browser routes: errors as a translated HTML page instead of JSON. */
    htmlErrors?: boolean;
  }
}

export interface BuiltHttpApp {
  app: FastifyInstance;
  streams: EventStreams;
}

export interface BuildHttpOptions extends HttpOptions {
  logger?: FastifyServerOptions['logger'];
  https?: { key: Buffer; cert: Buffer } | null;
  /** More routes on the same app (the admin console), after the /v1 routes. */
  extend?: (app: FastifyInstance) => Promise<void>;
}

const readyReply = z.object({
  ready: z.boolean(),
  checks: z.object({ database: z.boolean(), dingtalkToken: z.boolean(), accepting: z.boolean() }),
});

export async function buildHttpApp(
  services: HttpServices,
  options: BuildHttpOptions,
): Promise<BuiltHttpApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    // A stuck client must not hold a connection (and shutdown) forever; SSE is hijacked.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    ...(options.https ? { https: options.https } : {}),
  } as FastifyServerOptions);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('dakaAuth', null);
  // The Date header comes from the clock the server judges times by (DPoP iat, punch times),
  // so a desktop measures its clock difference against the same clock (not Node's own).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('date', new Date(options.clock.now()).toUTCString());
  });
  // JSON only: any other body is a 415 before a handler sees it.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error);
    if (mapped.unexpected) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.payload.code, status: mapped.status }, 'request refused');
    if (mapped.retryAfter !== null) reply.header('retry-after', String(mapped.retryAfter));
    if (mapped.status === 401) reply.header('www-authenticate', 'DPoP algs="ES256"');
    reply.code(mapped.status);
    if (request.routeOptions.config.htmlErrors) {
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(errorPage(mapped.payload));
    }
    return reply.send({ error: mapped.payload });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'invalidInput', message: 'No such route' } }),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Daka Server API',
        version: String(SERVER_API_VERSION),
        description:
          'The /v1 API between Daka desktops and the company server. Every data route needs ' +
          '`Authorization: DPoP <access token>` and a `DPoP` proof (RFC 9449).',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          dpop: { type: 'apiKey', in: 'header', name: 'Authorization' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(rateLimit, {
    global: true,
    // After authentication, so the key can be the session (see auth-hook.ts).
    hook: 'preHandler',
    max: options.rateLimit.perSession.max,
    timeWindow: options.rateLimit.perSession.timeWindow,
    keyGenerator: rateKey,
    errorResponseBuilder: (_request, context) =>
      new AppError('rateLimited', 'Too many requests', {
        retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });

  const streams = createEventStreams(services.bus, { heartbeatMs: options.heartbeatMs });
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => streams.closeAll());

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const ops = { rateLimit: false } as const;
  typed.get(PATHS.healthz, { config: ops, schema: { hide: true } }, async () => ({ status: 'ok' }));
  typed.get(
    PATHS.readyz,
    { config: ops, schema: { hide: true, response: { 200: readyReply, 503: readyReply } } },
    async (_request, reply) => {
      const readiness = await services.readiness();
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    },
  );
  typed.get(PATHS.openapi, { config: ops, schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, services, options);
  registerDataRoutes(app, services, options, streams);
  await options.extend?.(app);
  return { app, streams };
}
