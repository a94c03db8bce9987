/**
 * Issue #12, item 10: what ships is auditable. docs/sbom/shipped.json lists the npm
 * packages bundled into the main, preload and renderer builds (scripts/sbom.ts reads the
 * import graph; `npm run sbom -- --from-build` checks it against the real build); each is
 * a production package of the lockfile, so `npm audit --omit=dev` covers it. And the
 * install-script allow-list names exactly the packages that have install scripts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  readCommittedSbom,
  sbomDifferences,
  shippedPackages,
  type Sbom,
} from '../../scripts/sbom';

interface LockEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The lockfile's installed packages with their names ("node_modules/a/node_modules/b" → b). */
const installed = Object.entries(lock.packages)
  .filter(([path]) => path.includes('node_modules/'))
  .map(([path, entry]) => ({
    ...entry,
    name: entry.name ?? path.replace(/^.*node_modules\//, ''),
  }));

describe('the shipped packages (docs/sbom/shipped.json)', () => {
  let actual: Sbom;
  beforeAll(async () => {
    actual = await shippedPackages();
  }, 60_000);

  it('lists exactly what the bundles hold (npm run sbom regenerates it)', () => {
    expect(sbomDifferences(readCommittedSbom(), actual)).toEqual([]);
  });

  it('are production packages of the lockfile, so `npm audit --omit=dev` sees them', () => {
    const devOnly = Object.values(actual.bundles)
      .flat()
      .filter(
        (shipped) =>
          !installed.some(
            (entry) =>
              entry.name === shipped.name && entry.version === shipped.version && !entry.dev,
          ),
      )
      .map((shipped) => `${shipped.name}@${shipped.version}`);
    expect(devOnly).toEqual([]);
  });

  it('`dependencies` holds only packages that are bundled (the rest stays a devDependency)', () => {
    const shipped = new Set(
      Object.values(actual.bundles)
        .flat()
        .map((p) => p.name),
    );
    const unbundled = Object.keys(pkg.dependencies ?? {}).filter((name) => !shipped.has(name));
    expect(unbundled).toEqual([]);
  });
});

describe('the install-script allow-list (package.json allowScripts)', () => {
  const withScripts = new Set(installed.filter((e) => e.hasInstallScript).map((e) => e.name));
  const listed = Object.keys(pkg.allowScripts ?? {}).map((spec) =>
    // "name" or "name@1.2.3||1.2.4"; a scoped name starts with "@".
    spec.replace(/(?<=.)@.*$/, ''),
  );

  it('names only packages of the lockfile that have an install script', () => {
    expect(listed.filter((name) => !withScripts.has(name))).toEqual([]);
  });

  it('decides (true or false) for every package with an install script', () => {
    expect([...withScripts].filter((name) => !listed.includes(name)).sort()).toEqual([]);
  });

  it('is enforced: .npmrc turns an unlisted install script into a failed install', () => {
    // Without strict-allow-scripts npm 11 runs an unreviewed script with a notice; only `false` blocks.
    const npmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^strict-allow-scripts\s*=\s*true\s*$/m);
  });
});
