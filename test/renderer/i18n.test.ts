/**
 * The translations: both languages have exactly the same keys and
 * placeholders, every error code has a message and a fix, every key is used
 * somewhere (renderer or main), and every key-looking string in the code
 * exists. Sources are scanned as text, so this stays cheap.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import { placeholders, resolveLanguage } from '../../shared/i18n/core';
import { en } from '../../shared/i18n/en';
import { enErrors } from '../../shared/i18n/en.errors';
import { enMain } from '../../shared/i18n/en.main';
import { enViews } from '../../shared/i18n/en.views';
import { DICTIONARIES, describeError, translate } from '../../shared/i18n/index';
import { zhCN } from '../../shared/i18n/zh-CN';
import { zhCNErrors } from '../../shared/i18n/zh-CN.errors';
import { zhCNMain } from '../../shared/i18n/zh-CN.main';
import { zhCNViews } from '../../shared/i18n/zh-CN.views';
import { durationText } from '../../shared/work-clock';

const repo = resolve(import.meta.dirname, '../..');

function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value as object, `${path}.`)) out.set(k, v);
  }
  return out;
}

const pairs = [
  ['home', leaves(zhCN), leaves(en)],
  ['errors', leaves(zhCNErrors), leaves(enErrors)],
  ['views', leaves(zhCNViews), leaves(enViews)],
  ['main', leaves(zhCNMain), leaves(enMain)],
] as const;
const allZh = new Map([...pairs].flatMap(([, zh]) => [...zh]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Keys named in code: string literals, and template literals whose ${…} stand for one segment. */
function keyReferences(): { literals: Set<string>; patterns: RegExp[] } {
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  const files = [
    ...sourceFiles(join(repo, 'renderer/src')),
    ...sourceFiles(join(repo, 'main')),
    join(repo, 'shared/i18n/core.ts'),
    join(repo, 'shared/i18n/doctor.ts'),
    // The duration words (durationText) the now line and the tray share.
    join(repo, 'shared/work-clock.ts'),
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g)) literals.add(m[1] as string);
    for (const m of text.matchAll(/`([a-zA-Z][\w]*\.(?:[\w.]|\$\{[^}]+\})+)`/g)) {
      const source = (m[1] as string)
        .split(/\$\{[^}]+\}/)
        .map((part) => part.replace(/\./g, '\\.'))
        .join('[^.]+');
      patterns.push(new RegExp(`^${source}$`));
    }
  }
  return { literals, patterns };
}

describe('translations', () => {
  it.each(pairs)('%s: zh-CN and en have the same keys', (_, zh, english) => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it.each(pairs)('%s: no string is empty', (_, zh, english) => {
    for (const [key, value] of [...zh, ...english]) expect(value.trim(), key).not.toBe('');
  });

  it.each(pairs)(
    '%s: each key has the same {{placeholders}} in both languages',
    (_, zh, english) => {
      for (const [key, value] of zh) {
        expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(value));
      }
    },
  );

  it('has a message and a fix hint for every error code, in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const all = leaves(DICTIONARIES[language]);
      for (const code of ERROR_CODES) {
        expect(all.get(`error.${code}.message`), `${language} ${code}`).toBeTruthy();
        expect(all.get(`error.${code}.fix`), `${language} ${code}`).toBeTruthy();
      }
    }
    expect(Object.keys(zhCNErrors.error).sort()).toEqual([...ERROR_CODES].sort());
    // Error strings are a part of their own: none left in the start strings, nothing else in theirs.
    expect(Object.keys(zhCNErrors)).toEqual(['error']);
    expect(
      [...leaves(zhCN).keys(), ...leaves(en).keys()].filter((k) => k.startsWith('error.')),
    ).toEqual([]);
  });

  it('uses every key somewhere in the renderer or main', () => {
    const { literals, patterns } = keyReferences();
    const all = [...allZh.keys()];
    // Error strings are looked up by code (describeErrorWith), not by literal key.
    const unused = all.filter(
      (key) =>
        !key.startsWith('error.') && !literals.has(key) && !patterns.some((p) => p.test(key)),
    );
    expect(unused).toEqual([]);
  });

  it('knows every key the code names', () => {
    const { literals, patterns } = keyReferences();
    const all = new Set(allZh.keys());
    const namespaces = new Set([...all].map((k) => k.split('.')[0]));
    const missing = [...literals].filter(
      (literal) => namespaces.has(literal.split('.')[0] as string) && !all.has(literal),
    );
    expect(missing).toEqual([]);
    const dangling = patterns.filter(
      (p) =>
        namespaces.has(p.source.slice(1).split('\\.')[0] as string) &&
        ![...all].some((k) => p.test(k)),
    );
    expect(dangling.map(String)).toEqual([]);
  });
});

describe('Chinese typography', () => {
  // A person's name is part of the Chinese sentence: "你以王小明的身份", not "你以 王小明 的身份".
  // Times, counts, Latin codes and file names keep their spaces ("09:02 检测", "IT 处理").
  const FILE_NAMES = new Set(['history.downloaded']);
  const entries = (node: unknown, path: string): [string, string][] =>
    typeof node === 'string'
      ? [[path, node]]
      : node && typeof node === 'object'
        ? Object.entries(node).flatMap(([k, v]) => entries(v, path ? `${path}.${k}` : k))
        : [];

  it('puts no space around an interpolated name', () => {
    const spaced = [zhCN, zhCNViews, zhCNMain, zhCNErrors]
      .flatMap((d) => entries(d, ''))
      .filter(([key, text]) => !FILE_NAMES.has(key) && / \{\{name\}\}|\{\{name\}\} /.test(text));
    expect(spaced).toEqual([]);
  });
});

describe('translate (for main, without i18next)', () => {
  it('fills in {{vars}}', () => {
    expect(translate('zh-CN', 'today.planned', { time: '09:00' })).toBe('计划 09:00');
    expect(translate('en', 'now.hm', { h: 1, m: 25 })).toBe('1 h 25 min');
  });

  it('says durations as the popup and the tray do: whole hours without "0 min"', () => {
    const say = (language: 'zh-CN' | 'en', minutes: number) =>
      durationText(minutes, (key, vars) => translate(language, key, vars));
    expect([85, 60, 120, 25].map((m) => say('zh-CN', m))).toEqual([
      '1小时25分',
      '1小时',
      '2小时',
      '25分钟',
    ]);
    expect([85, 60, 120, 25].map((m) => say('en', m))).toEqual([
      '1 h 25 min',
      '1 h',
      '2 h',
      '25 min',
    ]);
  });

  it('reaches the main-only strings too', () => {
    expect(translate('en', 'tray.quit')).toBe('Quit Daka');
    expect(translate('zh-CN', 'notify.punched.OnDuty', { time: '08:58' })).toBe(
      '上班打卡成功 08:58',
    );
  });

  it('leaves a forgotten variable visible rather than silently empty', () => {
    expect(translate('en', 'today.planned')).toBe('Planned {{time}}');
  });

  it('describes an error with its detail, and says "unknown" when the detail is missing', () => {
    expect(
      describeError('zh-CN', {
        code: 'ipNotWhitelisted',
        message: 'x',
        detail: { ip: '198.51.100.4' },
      }),
    ).toEqual({
      message: '公司的 IP 白名单不包含出口 IP 198.51.100.4',
      fix: '请管理员在钉钉开发者后台把 198.51.100.4 加入应用的 IP 白名单',
    });
    expect(describeError('en', { code: 'missingPermission', message: 'x' }).message).toBe(
      'The app lacks the API permission unknown',
    );
  });

  it('resolves the language: settings first, then any Chinese system locale', () => {
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(resolveLanguage('system', 'zh-Hant-TW')).toBe('zh-CN');
    expect(resolveLanguage('system', 'zh')).toBe('zh-CN');
    expect(resolveLanguage('system', 'en-GB')).toBe('en');
    expect(resolveLanguage('system', 'ja-JP')).toBe('en');
  });
});
