/**
 * The console's page and bundle (out/admin, built by `npm run build:admin`)
 * through @fastify/static's sendFile: index.html for /admin/, hashed files
 * under /admin/assets/ cached for a year. When the bundle is not built, a
 * page says how to build it instead of a bare 404.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notBuiltPage, PAGE_CSP } from './pages';

export const DEFAULT_UI_DIR = resolve(import.meta.dirname, '../../out/admin');

/** The bundle's policy: scripts and styles from this origin only, no inline script, no framing. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function registerAdminStatic(
  fastify: FastifyInstance,
  uiDir: string,
  routeConfig: object,
): Promise<void> {
  await fastify.register(fastifyStatic, {
    root: uiDir,
    serve: false,
    suppressWarning: true,
    // The bundle's files only: no listing, no dotfiles.
    dotfiles: 'deny',
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const config = routeConfig;
  const hide = { hide: true } as const;

  app.get('/admin', { config, schema: hide }, async (_request, reply) =>
    reply.redirect('/admin/', 301),
  );
  app.get('/admin/', { config, schema: hide }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!existsSync(join(uiDir, 'index.html'))) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .send(notBuiltPage());
    }
    return reply.sendFile('index.html');
  });
  app.get(
    '/admin/assets/:file',
    {
      config,
      schema: {
        ...hide,
        params: z.object({ file: z.string().regex(/^[\w-]+(\.[\w-]+)*\.(js|css)$/) }).strict(),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.sendFile(`assets/${request.params.file}`);
    },
  );
}
