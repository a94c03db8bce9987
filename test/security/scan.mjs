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
  return load.call(this, request, ...rest);
};

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
