/**
 * What ships inside the app, package by package: the npm packages bundled into the main
 * process (main/index.ts and the CLI), the preload and the renderer, with version and
 * license. Everything is bundled (electron-vite, no node_modules in app.asar), so
 * `npm ls` says nothing about what ships; this reads the import graph instead.
 *
 * It bundles the same entries as electron.vite.config.ts with esbuild (in memory, about
 * a second, no build needed) and keeps every package with bytes in the output, so a
 * package imported but entirely shaken out is not listed. `electron` is provided by the
 * runtime and is not bundled.
 *
 *   npm run sbom            writes docs/sbom/shipped.json
 *   npm run sbom -- --check exits 1 when the bundles' packages differ from that file
 *   npm run sbom -- --from-build runs the real electron-vite build (into a temporary
 *                           folder, scripts/sbom-build.config.ts) and compares its
 *                           modules' packages with the import-graph reading (slow)
 * test/security/sbom.test.ts runs the check in `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export interface ShippedPackage {
  name: string;
  version: string;
  license: string;
}

export type BundleName = 'main' | 'preload' | 'renderer';

export interface Sbom {
  /** How to regenerate it; nothing else in the file is hand-written. */
  generatedBy: string;
  bundles: Record<BundleName, ShippedPackage[]>;
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SBOM_FILE = join(ROOT, 'docs', 'sbom', 'shipped.json');

/** The entries of electron.vite.config.ts, per build, and the platform each runs on. */
const BUNDLES: Record<BundleName, { entries: string[]; platform: 'node' | 'browser' }> = {
  main: { entries: ['main/index.ts', 'main/cli.ts'], platform: 'node' },
  preload: { entries: ['main/preload.ts'], platform: 'browser' },
  renderer: { entries: ['renderer/src/main.tsx'], platform: 'browser' },
};

/** Vite's `?raw` imports (the user guide's markdown): our own text, not a package. */
const rawAsText: Plugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

/** Vite's extension order. */
const EXTENSIONS = ['', '.mjs', '.js', '.mts', '.ts', '.jsx', '.tsx', '.json'];

function existsExactly(file: string): boolean {
  try {
    return statSync(file).isFile() && readdirSync(dirname(file)).includes(basename(file));
  } catch {
    return false;
  }
}

/**
 * Our own relative imports, resolved as Vite does on a case-sensitive disk: esbuild looks
 * names up case-insensitively, so "./calendar" beside Calendar.tsx and calendar.ts picks the
 * wrong one (or fails to read it).
 */
const exactCaseRelative: Plugin = {
  name: 'exact-case-relative',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
      const base = resolve(args.resolveDir, args.path);
      for (const candidate of [
        ...EXTENSIONS.map((ext) => base + ext),
        ...EXTENSIONS.slice(1).map((ext) => join(base, `index${ext}`)),
      ]) {
        if (existsExactly(candidate)) return { path: candidate };
      }
      return undefined;
    });
  },
};

/** "node_modules/@scope/name/dist/x.js" → the package's folder, or null for our own code. */
function packageFolder(input: string): string | null {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return null;
  const scoped = parts[at + 1]?.startsWith('@') === true;
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

function describePackage(folder: string): ShippedPackage {
  const pkg = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string | { type?: string };
  };
  const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
  return { name: pkg.name, version: pkg.version, license };
}

/** The files with bytes in the output (what tree-shaking kept), relative to ROOT. */
function keptInputs(metafile: Metafile): string[] {
  const kept = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) kept.add(input);
    }
  }
  return [...kept];
}

function sortedPackages(folders: Iterable<string>): ShippedPackage[] {
  const byName = new Map<string, ShippedPackage>();
  for (const folder of folders) {
    if (!existsSync(join(ROOT, folder, 'package.json'))) continue;
    const pkg = describePackage(folder);
    byName.set(`${pkg.name}@${pkg.version}`, pkg);
  }
  return [...byName.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
  );
}

async function bundlePackages(name: BundleName): Promise<ShippedPackage[]> {
  const { entries, platform } = BUNDLES[name];
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map((entry) => join(ROOT, entry)),
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(ROOT, 'out', '.sbom'),
    format: 'esm',
    splitting: true,
    platform,
    // Vite resolves the same way: ESM entry points first.
    mainFields: platform === 'browser' ? ['browser', 'module', 'main'] : ['module', 'main'],
    conditions: platform === 'browser' ? ['browser', 'import'] : ['node', 'import'],
    external: ['electron'],
    jsx: 'automatic',
    loader: { '.png': 'empty', '.svg': 'empty', '.woff2': 'empty', '.woff': 'empty' },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [rawAsText, exactCaseRelative],
    logLevel: 'silent',
  });
  const folders = keptInputs(result.metafile).map(packageFolder);
  return sortedPackages(folders.filter((folder) => folder !== null));
}

/** The same list from the real build's module ids (scripts/sbom-build.config.ts). */
async function builtPackages(): Promise<Sbom> {
  const out = await mkdtemp(join(tmpdir(), 'daka-sbom-build-'));
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '-c',
        join(ROOT, 'scripts/sbom-build.config.ts'),
      ],
      { cwd: ROOT, stdio: 'ignore', env: { ...process.env, DAKA_SBOM_BUILD_OUT: out } },
    );
    const folders: Record<BundleName, string[]> = { main: [], preload: [], renderer: [] };
    for (const line of readFileSync(join(out, 'modules.jsonl'), 'utf8').split('\n')) {
      if (line === '') continue;
      const { bundle, id } = JSON.parse(line) as { bundle: BundleName; id: string };
      const folder = packageFolder(relative(ROOT, id.replace(/^\0/, '').replace(/\?.*$/, '')));
      if (folder !== null) folders[bundle].push(folder);
    }
    return {
      generatedBy: 'npm run sbom -- --from-build',
      bundles: {
        main: sortedPackages(folders.main),
        preload: sortedPackages(folders.preload),
        renderer: sortedPackages(folders.renderer),
      },
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export async function shippedPackages(): Promise<Sbom> {
  const [main, preload, renderer] = await Promise.all([
    bundlePackages('main'),
    bundlePackages('preload'),
    bundlePackages('renderer'),
  ]);
  return { generatedBy: 'npm run sbom', bundles: { main, preload, renderer } };
}

export function readCommittedSbom(): Sbom {
  return JSON.parse(readFileSync(SBOM_FILE, 'utf8')) as Sbom;
}

/** One line per difference: "+main react@19.3.1" is bundled but not listed, "-" the reverse. */
export function sbomDifferences(committed: Sbom, actual: Sbom): string[] {
  const lines: string[] = [];
  for (const bundle of Object.keys(BUNDLES) as BundleName[]) {
    const key = (p: ShippedPackage) => `${p.name}@${p.version} (${p.license})`;
    const listed = new Set((committed.bundles[bundle] ?? []).map(key));
    const found = new Set(actual.bundles[bundle].map(key));
    for (const k of found) if (!listed.has(k)) lines.push(`+${bundle} ${k}`);
    for (const k of listed) if (!found.has(k)) lines.push(`-${bundle} ${k}`);
  }
  return lines;
}

async function cli(): Promise<void> {
  const actual = await shippedPackages();
  if (process.argv.includes('--from-build')) {
    const differences = sbomDifferences(await builtPackages(), actual);
    // "+" here: found in the import graph but not in the build; "-": in the build only.
    for (const line of differences) console.error(`  ${line}`);
    console.log(
      differences.length === 0
        ? 'the import graph lists the same packages as the electron-vite build'
        : `${differences.length} differences between the import graph and the build`,
    );
    process.exit(differences.length === 0 ? 0 : 1);
  }
  if (process.argv.includes('--check')) {
    const differences = sbomDifferences(readCommittedSbom(), actual);
    if (differences.length > 0) {
      console.error(`${relative(ROOT, SBOM_FILE)} is out of date (npm run sbom):`);
      for (const line of differences) console.error(`  ${line}`);
      process.exit(1);
    }
    console.log(`${relative(ROOT, SBOM_FILE)} matches the bundles`);
    return;
  }
  await mkdir(dirname(SBOM_FILE), { recursive: true });
  writeFileSync(SBOM_FILE, `${JSON.stringify(actual, null, 2)}\n`);
  const counts = Object.entries(actual.bundles).map(([b, list]) => `${b} ${list.length}`);
  console.log(`wrote ${relative(ROOT, SBOM_FILE)}: ${counts.join(', ')} packages`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await cli();
}
