/**
 * `daka`: the engine without a window. Configuration comes from flags, then
 * the environment (DAKA_HOME, DAKA_APP_KEY, DAKA_APP_SECRET, DAKA_USER_ID,
 * DAKA_OAPI_BASE, DAKA_API_BASE, DAKA_TZ), then the data folder. The AppSecret
 * is never written to disk by the CLI: it comes from the environment or the
 * imported provisioning file, read again on every run.
 *
 * Exit codes: 0 success, 2 needs confirmation, 3 queued or held, 1 error.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError, type AppErrorPayload, assertNever, toErrorPayload } from '../shared/errors';
import { describeError, resolveLanguage, translate, type UiLanguage } from '../shared/i18n';
import {
  checkCode,
  checkFix,
  checkName,
  checkSentence,
  doctorSummary,
  type DoctorT,
} from '../shared/i18n/doctor';
import type { DayStatus, DoctorReport, OutboxEntry, PunchOutcome } from '../shared/model';
import { isDateKey } from '../shared/time';
import type { Engine } from './engine';
import { historyCommand } from './history/cli-history';
import { lockHome } from './home-lock';
import { createNodeEngine } from './node-engine';
import { browserCommand, createConsoleLogger } from './node-ports';
import { type Clock, systemClock } from './ports';
import {
  type DingTalkHosts,
  type EnvConfig,
  fromEnv,
  hostsOf,
  parseProvisioning,
  parseProvisioningFile,
  readProvisioningFile,
} from './settings/provisioning';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  clock?: Clock;
  /** Opens the login URL; default: print it and try the system browser. */
  openUrl?: (url: string) => Promise<void>;
  version?: string;
  /** Pauses between asking the company server whether DingTalk took a punch. */
  sleep?: (ms: number) => Promise<void>;
  /** The network (tests); default the global fetch. */
  fetch?: typeof fetch;
}

const USAGE = `Usage: daka <command> [options]

Commands:
  status [--json] [--date YYYY-MM-DD]   today's (or a date's) punch status
  history [--month YYYY-MM] [--json|--csv]  a month of punches and results (default this month)
  punch [--json] [--yes]                clock in or out now (--yes: confirm a repeat punch)
  doctor [--json]                       check credentials, permissions, IP whitelist, clock, quota
  login [--server URL]                  sign in with DingTalk in the browser (through the
                                        company's Daka Server with --server)
  whoami                                who Daka punches for
  outbox [--json]                       punches waiting to be sent
  outbox send <id> | outbox discard <id>
  config import <file>                  use an administrator's provisioning file
  config show                           the configuration (secrets masked)
  simulator [--port N]                  run the DingTalk simulator with a demo organisation

Options:
  --home DIR         data folder (env DAKA_HOME, default ~/.daka)
  --app-key KEY      DingTalk AppKey (env DAKA_APP_KEY; the secret only from DAKA_APP_SECRET)
  --user-id ID       DingTalk userid (env DAKA_USER_ID)
  --oapi-base URL    (env DAKA_OAPI_BASE)    --api-base URL (env DAKA_API_BASE)
  --tz ZONE          organisation time zone (env DAKA_TZ, default Asia/Shanghai)
  --lang zh-CN|en    language of messages (default from LANG)
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        date: { type: 'string' },
        month: { type: 'string' },
        csv: { type: 'boolean', default: false },
        home: { type: 'string' },
        'app-key': { type: 'string' },
        'user-id': { type: 'string' },
        'oapi-base': { type: 'string' },
        'api-base': { type: 'string' },
        server: { type: 'string' },
        tz: { type: 'string' },
        lang: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return badArguments(argv, io, error);
  }
  const { values: flags, positionals } = parsed;
  const chosenLang = flags.lang ?? nonEmpty(io.env.DAKA_LANG);
  const lang: UiLanguage = resolveLanguage(
    chosenLang !== undefined && isLanguageSetting(chosenLang) ? chosenLang : 'system',
    posixLocale(io.env),
  );
  const [command, sub, arg] = positionals;
  if (flags.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (command === undefined) {
    io.stderr(USAGE);
    return 1;
  }
  // Before anything touches the data folder: a typo must not create one.
  if (!isCommand(command, sub)) {
    const text = translate(lang, 'cli.unknownCommand', { command: positionals.join(' ') });
    io.stderr(`daka: ${text}\n\n${USAGE}`);
    return 1;
  }

  if (command === 'simulator') {
    const { runSimulatorCli } = await import('./dingtalk/simulator/cli');
    await runSimulatorCli(flags.port ? ['--port', flags.port] : []);
    return 0;
  }

  const home = resolve(flags.home ?? io.env.DAKA_HOME ?? join(homedir(), '.daka'));
  const fail = (error: unknown): number => {
    const payload = toErrorPayload(error);
    const text = describeError(lang, payload);
    // The translated message is generic ("the file is not valid"): the field says where
    // ("(file)" is the whole file, which the message already names).
    const named = payload.detail?.field;
    const field =
      named && named !== '(file)' ? ` (${translate(lang, 'cli.field', { field: named })})` : '';
    if (flags.json) io.stdout(`${JSON.stringify({ error: payload }, null, 2)}\n`);
    io.stderr(`daka: ${text.message}${field}${text.fix ? ` — ${text.fix}` : ''}\n`);
    return 1;
  };

  let engine: Engine | undefined;
  let release: (() => void) | undefined;
  try {
    if (chosenLang !== undefined && !isLanguageSetting(chosenLang)) {
      throw new AppError('invalidInput', 'Use --lang zh-CN or --lang en', {
        field: flags.lang !== undefined ? 'lang' : 'DAKA_LANG',
      });
    }
    // Importing replaces the remembered file: a moved or broken old one must not block it.
    const importing = command === 'config' && sub === 'import';
    const overrides = readOverrides(flags, io.env, importing ? null : home);
    const logger = createConsoleLogger({
      level: io.env.DAKA_DEBUG ? 'debug' : 'error',
      write: (l) => io.stderr(`${l}\n`),
    });
    release = await lockHome(home);
    engine = createNodeEngine({
      home,
      logger,
      clock: io.clock ?? systemClock,
      overrides,
      openUrl: io.openUrl ?? ((url) => openInBrowser(url, io)),
      version: io.version ?? 'dev',
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    // Stored secrets are decrypted once, asynchronously (none without a keychain).
    await engine.ready();
    const out = (value: unknown, human: string) =>
      io.stdout(flags.json ? `${JSON.stringify(value, null, 2)}\n` : human);
    const outcome = (o: PunchOutcome): number => {
      const code = exitCodeOf(o);
      if (code !== 1) {
        out(o, formatOutcome(o, lang));
        return code;
      }
      // Unavailable is an error: its line goes to stderr, like every other error.
      if (flags.json) io.stdout(`${JSON.stringify(o, null, 2)}\n`);
      io.stderr(`daka: ${formatOutcome(o, lang)}`);
      return code;
    };

    // `outbox send` sends, or says why it did not: one line on stderr (and the error as JSON),
    // exit 3 while the punch still waits in the outbox, 1 when it cannot be sent at all.
    const sentOrWhyNot = (o: PunchOutcome): number => {
      // Server mode: still only accepted by the server after waiting is sent, not "not sent".
      const accepted = o.outcome === 'queued' && o.reason.code === 'punchAccepted';
      if (o.outcome === 'punched' || o.outcome === 'needs-confirmation' || accepted) {
        return outcome(o);
      }
      if (flags.json) io.stdout(`${JSON.stringify({ error: o.reason }, null, 2)}\n`);
      const { message, fix } = describeError(lang, o.reason);
      io.stderr(`daka: ${translate(lang, 'cli.notSent')}: ${message}${fix ? ` — ${fix}` : ''}\n`);
      return o.outcome === 'unavailable' ? 1 : 3;
    };

    switch (command) {
      case 'status': {
        if (flags.date !== undefined && !isDateKey(flags.date)) {
          throw new AppError('invalidInput', 'Use --date YYYY-MM-DD', { field: 'date' });
        }
        await engine.flushOutbox().catch(() => undefined);
        const day = await engine.status(flags.date);
        out(day, formatDay(day, lang));
        return 0;
      }
      case 'history':
        return await historyCommand(
          engine,
          { month: flags.month, json: flags.json, csv: flags.csv },
          lang,
          (io.clock ?? systemClock).now(),
          io.stdout,
        );
      case 'punch': {
        await engine.flushOutbox().catch(() => undefined);
        const result = await engine.punch(flags.yes);
        return outcome(await awaitServerConfirmation(engine, result, io.sleep));
      }
      case 'doctor': {
        const report = await engine.doctor();
        out(report, formatDoctor(report, lang));
        return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
      }
      case 'login': {
        if (flags.server !== undefined) {
          engine.setServer(flags.server);
          forgetProvisioningFile(home);
        }
        const identity = await engine.loginWithBrowser();
        const server = engine.connectionInfo().server;
        out(
          server ? { ...identity, server } : identity,
          `${identity.name ?? ''} (${identity.userId})${server ? ` · ${server}` : ''}\n`,
        );
        return 0;
      }
      case 'whoami': {
        const identity = engine.identity();
        if (!identity) throw new AppError('notSignedIn', 'Not signed in');
        out(
          identity,
          `${identity.name ? `${identity.name} ` : ''}${identity.userId} (${identity.via})\n`,
        );
        return 0;
      }
      case 'outbox': {
        if (sub === 'send' || sub === 'discard') {
          if (!arg)
            throw new AppError('invalidInput', `Usage: daka outbox ${sub} <id>`, { field: 'id' });
          const id = resolveOutboxId(engine, arg);
          if (sub === 'discard') {
            engine.discardHeld(id);
            out({ discarded: id }, `${translate(lang, 'cli.discarded')} ${id}\n`);
            return 0;
          }
          // Server mode: the server uploads at once; wait for DingTalk's answer as punch does.
          const sent = await engine.sendHeld(id);
          return sentOrWhyNot(await awaitServerConfirmation(engine, sent, io.sleep));
        }
        await engine.flushOutbox().catch(() => undefined);
        const entries = engine.outbox.waiting(engine.timeZone());
        out(entries, formatOutbox(entries, lang));
        return 0;
      }
      case 'config': {
        if (sub === 'import') {
          if (!arg)
            throw new AppError('invalidInput', 'Usage: daka config import <file>', {
              field: 'file',
            });
          const file = resolve(arg);
          const text = readText(file);
          const p = parseProvisioningFile(text);
          await engine.importProvisioning(text);
          if (p.version === 2) {
            // No secret in it: nothing to read again, and no direct app to come back.
            forgetProvisioningFile(home);
            io.stdout(`${translate(lang, 'cli.imported')} ${p.server.server}\n`);
            return 0;
          }
          // The file is the secret's home for the CLI: remember where it is, not what it says.
          rememberProvisioningFile(home, file);
          io.stdout(`${translate(lang, 'cli.imported')} ${p.provisioning.appKey}\n`);
          return 0;
        }
        const s = engine.snapshot();
        const c = engine.config();
        const shown = {
          home,
          mode: s.mode,
          connection: s.connection.kind,
          server: s.connection.server,
          appKey: s.appKeyMasked,
          appSecret: c ? '********' : null,
          userId: s.identity?.userId ?? null,
          timeZone: engine.timeZone(),
          oapiBase: c?.oapiBase ?? null,
          apiBase: c?.apiBase ?? null,
          policies: s.policies,
          settings: s.settings,
          // A secret like the AppSecret: whether it is there, never what it is.
          robotToken: s.robotTokenSet ? '********' : null,
        };
        out(shown, `${JSON.stringify(shown, null, 2)}\n`);
        return 0;
      }
      default:
        return assertNever(command);
    }
  } catch (error) {
    const code = fail(error);
    // Not just "not set up": the stored secret is for other hosts and is not sent (#12 item 2).
    if (
      toErrorPayload(error).code === 'notConfigured' &&
      engine?.secretProblem() === 'hostsChanged'
    ) {
      io.stderr(`daka: ${translate(lang, 'cli.hostsChanged')}\n`);
    }
    return code;
  } finally {
    await engine?.stop();
    release?.();
  }
}

/** Each command with the sub-commands it takes (undefined: none). */
const COMMANDS = {
  status: [undefined],
  history: [undefined],
  punch: [undefined],
  doctor: [undefined],
  login: [undefined],
  whoami: [undefined],
  outbox: [undefined, 'send', 'discard'],
  config: ['import', 'show'],
  simulator: [undefined],
} as const satisfies Record<string, readonly (string | undefined)[]>;

type Command = keyof typeof COMMANDS;

function isCommand(command: string, sub: string | undefined): command is Command {
  if (!Object.hasOwn(COMMANDS, command)) return false;
  const subs: readonly (string | undefined)[] = COMMANDS[command as Command];
  return subs.includes(sub);
}

const nonEmpty = (value: string | undefined) => (value ? value : undefined);

function isLanguageSetting(value: string): value is UiLanguage | 'system' {
  return value === 'zh-CN' || value === 'en' || value === 'system';
}

/** The POSIX locale of messages ("zh_CN.UTF-8"), in the BCP 47 spelling resolveLanguage reads. */
function posixLocale(env: Record<string, string | undefined>): string {
  const locale = nonEmpty(env.LC_ALL) ?? nonEmpty(env.LC_MESSAGES) ?? nonEmpty(env.LANG) ?? 'en';
  return locale.replace(/_/g, '-');
}

function readOverrides(
  flags: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
  home: string | null,
): EnvConfig {
  const fromFile = home === null ? null : provisioningFileSecret(home);
  const merged = fromEnv({
    ...env,
    ...(typeof flags['app-key'] === 'string' ? { DAKA_APP_KEY: flags['app-key'] } : {}),
    ...(typeof flags['user-id'] === 'string' ? { DAKA_USER_ID: flags['user-id'] } : {}),
    ...(typeof flags['oapi-base'] === 'string' ? { DAKA_OAPI_BASE: flags['oapi-base'] } : {}),
    ...(typeof flags['api-base'] === 'string' ? { DAKA_API_BASE: flags['api-base'] } : {}),
    ...(typeof flags.tz === 'string' ? { DAKA_TZ: flags.tz } : {}),
  });
  // The secret: environment first, else the imported provisioning file (for its own AppKey).
  if (!merged.appSecret && fromFile && (!merged.appKey || merged.appKey === fromFile.appKey)) {
    merged.appSecret = fromFile.appSecret;
    // The file's secret goes only to the file's hosts (not an edited state.json's).
    merged.appSecretHosts = fromFile.hosts;
    merged.appKey ??= fromFile.appKey;
  }
  return merged;
}

const FILE_POINTER = 'provisioning-file.txt';

function rememberProvisioningFile(home: string, file: string): void {
  // Only the path: the file itself stays where the administrator put it.
  writeFileSync(join(home, FILE_POINTER), file, { mode: 0o600 });
}

function forgetProvisioningFile(home: string): void {
  rmSync(join(home, FILE_POINTER), { force: true });
}

function provisioningFileSecret(
  home: string,
): { appKey: string; appSecret: string; hosts: DingTalkHosts } | null {
  let file: string;
  try {
    file = readFileSync(join(home, FILE_POINTER), 'utf8').trim();
  } catch {
    return null;
  }
  const p = parseProvisioning(readText(file));
  return { appKey: p.appKey, appSecret: p.appSecret, hosts: hostsOf(p) };
}

/** At most MAX_PROVISIONING_BYTES: a huge file (or /dev/zero) is refused, not read. */
function readText(file: string): string {
  return readProvisioningFile(file);
}

function resolveOutboxId(engine: Engine, prefix: string): string {
  const [match, ...others] = engine.outbox.all().filter((i) => i.id.startsWith(prefix));
  if (!match || others.length > 0) {
    throw new AppError('outboxEntryNotFound', `No single punch matches "${prefix}"`, {
      field: 'id',
    });
  }
  return match.id;
}

/** How long `daka punch` waits for the company server to hear back from DingTalk. */
const CONFIRM_TRIES = 20;
const CONFIRM_PAUSE_MS = 250;

/**
 * Server mode: the server accepted the punch and uploads it at once; asking it a few
 * times for DingTalk's answer turns most clicks into a plain "punched". Still only
 * accepted after that: queued, with the reason (the outbox asks again next time).
 */
async function awaitServerConfirmation(
  engine: Engine,
  result: PunchOutcome,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<PunchOutcome> {
  if (result.outcome !== 'queued' || result.reason.code !== 'punchAccepted') return result;
  for (let i = 0; i < CONFIRM_TRIES; i += 1) {
    await sleep(CONFIRM_PAUSE_MS);
    await engine.flushOutbox().catch(() => undefined);
    const intent = engine.outbox.all().find((x) => x.id === result.intentId);
    if (!intent) return result;
    const at = intent.at === Date.parse(result.at) ? result.at : engine.zoned(intent.at);
    if (intent.state === 'sent') {
      return { outcome: 'punched', type: intent.type, at, intentId: intent.id };
    }
    if (intent.state === 'held' && intent.lastError) {
      return {
        outcome: 'held',
        type: intent.type,
        at,
        intentId: intent.id,
        reason: intent.lastError,
      };
    }
  }
  return result;
}

export function exitCodeOf(outcome: PunchOutcome): number {
  switch (outcome.outcome) {
    case 'punched':
      return 0;
    case 'needs-confirmation':
      return 2;
    case 'queued':
    case 'held':
      return 3;
    case 'unavailable':
      return 1;
  }
}

const hhmm = (iso: string | null) => (iso ? iso.slice(11, 16) : '--:--');

function formatDay(day: DayStatus, lang: UiLanguage): string {
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) =>
    translate(lang, k, v);
  const lines = [
    `${day.date} · ${day.timeZone}${day.source.kind === 'fallback' ? ` · ${t('today.fallbackBadge')}` : ''}`,
  ];
  if (day.restDay) {
    lines.push(
      `  ${t('today.restDay')}${day.nextWorkday ? ` · ${t('today.nextWorkday', { date: day.nextWorkday })}` : ''}`,
    );
  }
  for (const c of day.checkPoints) {
    const label = t(`checkType.${c.type}`);
    const state =
      c.state === 'done'
        ? `✓ ${hhmm(c.punchedAt)} ${c.result ? t(`timeResult.${c.result}`) : ''}${c.provisional ? '*' : ''}`
        : c.state === 'missed'
          ? `✗ ${t('timeResult.NotSigned')}`
          : t('cli.pending');
    lines.push(`  ${label}  ${hhmm(c.planned)}  ${state}`);
  }
  for (const p of day.punches.filter((x) => !x.valid)) {
    lines.push(
      `  ! ${hhmm(p.at)} ${t('cli.invalid')}${p.invalidReason ? `: ${p.invalidReason}` : ''}`,
    );
  }
  if (day.next) lines.push(`${t('cli.next')}: ${t(`punchAction.${day.next}`)}`);
  return `${lines.join('\n')}\n`;
}

function formatOutcome(o: PunchOutcome, lang: UiLanguage): string {
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);
  const what = o.type ? t(`punchAction.${o.type}`) : '';
  switch (o.outcome) {
    case 'punched':
      return `✓ ${what} ${hhmm(o.at)}\n`;
    case 'needs-confirmation':
      return o.ask === 'early' && o.planned
        ? `${what}: ${t('cli.earlyBefore')} ${hhmm(o.planned)} — ${t('cli.confirmEarlyWithYes')}\n`
        : `${what}: ${t('cli.alreadyPunched')} ${hhmm(o.previousAt)} — ${t('cli.confirmWithYes')}\n`;
    case 'queued':
      return `${what} ${hhmm(o.at)}: ${t('cli.queued')} (${reason(o.reason, lang)})\n`;
    case 'held':
      return `${what} ${hhmm(o.at)}: ${t('cli.held')} (${reason(o.reason, lang)})\n`;
    case 'unavailable': {
      // An error line like any other: what to do about it comes with it.
      const { message, fix } = describeError(lang, o.reason);
      return `${t('cli.unavailable')}: ${message}${fix ? ` — ${fix}` : ''}\n`;
    }
  }
}

/**
 * An option the CLI does not know (or one missing its value): one line on stderr, and the
 * same error as JSON on stdout with --json, exit 1. Scripts read the JSON; people read one
 * line, not the whole usage text (`daka --help` prints that).
 */
function badArguments(argv: string[], io: CliIo, error: unknown): number {
  // The flags did not parse, so --json and --lang are looked for by hand.
  const json = argv.includes('--json');
  const langAt = argv.indexOf('--lang');
  const asked = langAt >= 0 ? argv[langAt + 1] : nonEmpty(io.env.DAKA_LANG);
  const lang = resolveLanguage(
    asked !== undefined && isLanguageSetting(asked) ? asked : 'system',
    posixLocale(io.env),
  );
  const raw = error instanceof Error ? error.message : String(error);
  // node:util names the option in quotes: "Unknown option '--bogus'. To specify…".
  const option = /'(-[^']*)'/.exec(raw)?.[1] ?? null;
  const payload = new AppError('invalidInput', raw.split('\n')[0] ?? raw, {
    field: option ?? '(arguments)',
  }).toPayload();
  if (json) io.stdout(`${JSON.stringify({ error: payload }, null, 2)}\n`);
  const text = describeError(lang, payload);
  io.stderr(`daka: ${text.message}: ${option ?? raw.split('\n')[0] ?? raw} — daka --help\n`);
  return 1;
}

function reason(error: AppErrorPayload, lang: UiLanguage): string {
  return describeError(lang, error).message;
}

/** The doctor in sentences, as the popup says it (shared/i18n/doctor.ts): summary line first. */
function formatDoctor(report: DoctorReport, lang: UiLanguage): string {
  const t: DoctorT = (key, vars) => translate(lang, key, vars);
  const mark = { pass: '✓', fail: '✗', warn: '!', skipped: '-' } as const;
  const lines = [doctorSummary(t, report.checks).text];
  let serverHeading = false;
  for (const c of report.checks) {
    if (c.origin === 'server' && !serverHeading) {
      lines.push(`${translate(lang, 'doctor.serverChecks')}:`);
      serverHeading = true;
    }
    const code = checkCode(c);
    lines.push(
      `${mark[c.status]} ${checkName(t, c)}${code ? ` (${code})` : ''} — ${checkSentence(t, c)}`,
    );
    const fix = checkFix(t, c);
    if (fix) lines.push(`    → ${fix}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatOutbox(entries: OutboxEntry[], lang: UiLanguage): string {
  if (entries.length === 0) return `${translate(lang, 'cli.outboxEmpty')}\n`;
  return `${entries
    .map(
      (e) =>
        `${e.id.slice(0, 8)}  ${translate(lang, `checkType.${e.type}`)}  ${e.at}  ${e.state}${e.lastError ? `  ${reason(e.lastError, lang)}` : ''}`,
    )
    .join('\n')}\n`;
}

async function openInBrowser(url: string, io: CliIo): Promise<void> {
  io.stderr(`${url}\n`);
  if (io.env.DAKA_BROWSER === 'none') return;
  const command = browserCommand(url, process.platform);
  if (!command) return;
  try {
    // The program itself, never a shell: the URL stays one argument whatever it holds.
    spawn(command.file, command.args, {
      shell: false,
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
    })
      .on('error', () => undefined)
      .unref();
  } catch {
    // The URL is printed above: the employee can open it by hand.
  }
}

const isEntry =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  void runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
