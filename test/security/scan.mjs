/**
 * Runs Electronegativity's engine (what its CLI runs) over one folder, writes
 * the SARIF report and, as JSON, the files it could not parse: the CLI keeps
 * those to itself when it writes a report, and a file it cannot parse is a
 * file it did not check.
 *
 *   node test/security/scan.mjs <input dir> <report.sarif> <electron version> <errors.json>
 *
 * The tool asks GitHub for fresh translations on every run (and for Electron
 * releases in a check we turn off). Tests make no network calls, so `got`
 * answers "offline" at once and the tool uses the translations it ships.
 */
import { writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

const offline = () => Promise.reject(new Error('offline: tests make no network calls'));
offline.head = offline;
const load = Module._load;
Module._load = function loadOffline(request, ...rest) {
  if (request === 'got') return { __esModule: true, default: offline };
  if (request === 'estraverse-fb') return walkUnknownNodes(load.call(this, request, ...rest));
  return load.call(this, request, ...rest);
};

/**
 * The tool's tree walker (estraverse) knows ES2019 and throws on newer nodes such as class
 * private fields (`#count`, which `marked` in the built GuideView chunk uses): the whole
 * file then goes unchecked. estraverse's own `fallback: 'iteration'` walks an unknown node
 * through its properties instead, so the code inside it is still checked.
 */
function walkUnknownNodes(estraverse) {
  const traverse = (root, visitor) =>
    estraverse.traverse(root, { fallback: 'iteration', ...visitor });
  return { ...estraverse, traverse };
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');
const [input, output, electronVersion, errorsFile] = process.argv.slice(2);

const result = await run({
  input,
  output,
  isSarif: true,
  isRelative: true,
  isVerbose: false,
  customScan: [],
  // Needs the network (Electron's release list); Electron updates are Renovate's job.
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
writeFileSync(errorsFile, JSON.stringify(result.errors));
