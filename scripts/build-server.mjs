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
 *   node scripts/build-server.mjs [--outdir DIR] [--with-node-modules]
 *
 * --with-node-modules also copies better-sqlite3 (as built here) and what it
 * loads into DIR/node_modules, so DIR runs with plain `node` (the Dockerfile).
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
/** Dependencies of those that only run while npm installs (fetching a prebuilt addon). */
const INSTALL_ONLY = new Set(['prebuild-install']);
/**
 * Per package, what it needs at run time when copied (--with-node-modules):
 * better-sqlite3 without its SQLite sources and build intermediates (28 MB → 2).
 */
const RUNTIME_FILES = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'],
};

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

/** The run-time closure of RUNTIME_DEPENDENCIES in this checkout's node_modules. */
export async function runtimeModules() {
  const seen = new Set();
  const visit = async (name) => {
    if (seen.has(name) || INSTALL_ONLY.has(name)) return;
    seen.add(name);
    const pkg = JSON.parse(
      await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    );
    for (const dep of Object.keys(pkg.dependencies ?? {})) await visit(dep);
  };
  for (const name of RUNTIME_DEPENDENCIES) await visit(name);
  return [...seen].sort();
}

/**
 * Copies the run-time closure, as built in this checkout (the native addon for
 * this platform and Node), into <outdir>/node_modules: the folder then runs as
 * it is (the container image's runtime stage).
 */
async function copyRuntimeModules(outdir) {
  const names = await runtimeModules();
  for (const name of names) {
    const from = join(ROOT, 'node_modules', name);
    const to = join(outdir, 'node_modules', name);
    const parts = RUNTIME_FILES[name];
    if (!parts) {
      await cp(from, to, { recursive: true });
      continue;
    }
    for (const part of parts) {
      if (existsSync(join(from, part)))
        await cp(join(from, part), join(to, part), { recursive: true });
      else if (part.endsWith('.node')) {
        throw new Error(`build-server: ${name} is not built (${part}); run npm rebuild ${name}`);
      }
    }
  }
  return names;
}

export async function buildServer(
  outdir = join(ROOT, 'out', 'server'),
  { withNodeModules = false } = {},
) {
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
  const modules = withNodeModules ? await copyRuntimeModules(outdir) : [];
  return { outdir, file: join(outdir, 'daka-server.mjs'), manifest, modules };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const withNodeModules = process.argv.includes('--with-node-modules');
  const { file, modules } = await buildServer(outdir, { withNodeModules });
  process.stdout.write(
    `build-server: ${file}${modules.length ? ` (with node_modules: ${modules.join(', ')})` : ''}\n`,
  );
}
