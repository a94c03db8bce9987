#!/usr/bin/env node
/**
 * Builds Daka Server for running without tsx or the sources: one ESM file,
 * out/server/daka-server.mjs, bundling server/cli.ts and every pure-JS
 * dependency (fastify, kysely, zod, jose, pg, dingtalk-stream…), plus a
 * generated out/server/package.json that makes the folder a publishable
 * `daka-server` package whose only runtime dependency is better-sqlite3
 * (native: built per platform and Node ABI by npm at install, so it cannot be
 * bundled). The admin console's bundle (out/admin, `npm run build:admin`) is
 * copied into out/server/admin when it is built.
 *
 *   node scripts/build-server.mjs [--outdir DIR]
 *
 * Why a generated manifest rather than a server/package.json in the sources:
 * a package.json under server/ would change how Node, tsx and vitest read the
 * server's .ts files (the nearest package.json decides "type"), and npm cannot
 * publish files outside the package folder, which the bundle in out/ is.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Left to Node at run time. better-sqlite3 loads a native addon; pg-native is
 * pg's optional native driver (required only through `pg.native`, never here).
 */
export const EXTERNALS = ['better-sqlite3', 'pg-native'];
/** What the generated package declares: the externals that are actually used. */
export const RUNTIME_DEPENDENCIES = ['better-sqlite3'];

/**
 * Source paths the bundle must rewrite, because they find files relative to
 * where the source file sits and the bundle sits elsewhere. Each must match
 * exactly once: a silent miss would ship a server with version 0.0.0 or no
 * admin console, so the build fails instead.
 */
function rewrites(version) {
  return {
    'server/app.ts': [
      // The version, baked in: the package.json next to the sources is not shipped.
      [
        "JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))",
        JSON.stringify({ version }),
      ],
    ],
    'server/admin/static.ts': [
      // The console's bundle travels inside the package, next to the server.
      ["resolve(import.meta.dirname, '../../out/admin')", "resolve(import.meta.dirname, 'admin')"],
    ],
  };
}

function rewritePlugin(version) {
  const table = rewrites(version);
  return {
    name: 'daka-server-paths',
    setup(b) {
      const seen = new Set();
      b.onLoad({ filter: /[/\\]server[/\\](app|admin[/\\]static)\.ts$/ }, async (args) => {
        const rel = args.path
          .slice(ROOT.length + 1)
          .split('\\')
          .join('/');
        const pairs = table[rel];
        if (!pairs) return undefined;
        let text = await readFile(args.path, 'utf8');
        for (const [from, to] of pairs) {
          const count = text.split(from).length - 1;
          if (count !== 1) {
            throw new Error(
              `build-server: expected "${from}" once in ${rel}, found ${count}; update scripts/build-server.mjs`,
            );
          }
          text = text.replace(from, () => to);
        }
        seen.add(rel);
        return { contents: text, loader: 'ts' };
      });
      b.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missing = Object.keys(table).filter((rel) => !seen.has(rel));
        if (missing.length > 0) {
          throw new Error(`build-server: ${missing.join(', ')} no longer in the bundle`);
        }
      });
    },
  };
}

export async function buildServer(outdir = join(ROOT, 'out', 'server')) {
  const rootPkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });

  await build({
    entryPoints: [join(ROOT, 'server', 'cli.ts')],
    outfile: join(outdir, 'daka-server.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNALS,
    tsconfig: join(ROOT, 'tsconfig.json'),
    // CommonJS dependencies (fastify, pino, pg…) call require(): give the ESM bundle one.
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __dakaCreateRequire } from 'node:module';",
        'const require = __dakaCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    legalComments: 'linked',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [rewritePlugin(rootPkg.version)],
  });

  // The bundle runs main() when argv[1] is its own file (`node daka-server.mjs`). npm's bin
  // link is a symlink, and argv[1] then names the link, not the file: the bin is this stub.
  await writeFile(
    join(outdir, 'bin.mjs'),
    [
      '#!/usr/bin/env node',
      "import { main } from './daka-server.mjs';",
      '',
      'process.exitCode = await main(process.argv.slice(2));',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const pinned = (name) => {
    const version = lock.packages?.[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`build-server: ${name} is not in package-lock.json`);
    return `^${version}`;
  };
  const manifest = {
    name: 'daka-server',
    version: rootPkg.version,
    description: 'Daka Server: company server mode for Daka (DingTalk attendance).',
    license: rootPkg.license,
    homepage: rootPkg.homepage,
    type: 'module',
    bin: { 'daka-server': 'bin.mjs' },
    engines: rootPkg.engines,
    files: ['bin.mjs', 'daka-server.mjs', 'daka-server.mjs.LEGAL.txt', 'admin/'],
    dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, pinned(name)])),
    // PostgreSQL's driver (pg) is bundled; its optional native binding is not used.
  };
  await writeFile(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const admin = join(ROOT, 'out', 'admin');
  if (existsSync(join(admin, 'index.html'))) {
    await cp(admin, join(outdir, 'admin'), { recursive: true });
  }
  return { outdir, file: join(outdir, 'daka-server.mjs'), manifest };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const { file } = await buildServer(outdir);
  process.stdout.write(`build-server: ${file}\n`);
}
