/**
 * Help: the employee's user guide (docs/user-guide.<language>.md) rendered in
 * the popup, in the chosen language. Each guide is a chunk of its own, and so
 * is this view with `marked`. The markdown is our own, bundled at build time;
 * marked emits no script or style attribute, so the strict CSP stays as it is.
 * Links never navigate the popup: one to the other language's guide shows it
 * here, a #fragment scrolls, anything else is text to copy.
 */
import { Marked } from 'marked';
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import type { UiLanguage } from '../../../../shared/i18n/core';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/icons';
import { ViewHeader } from '../../components/ViewHeader';
import { useI18n } from '../../i18n';

const GUIDES: Record<UiLanguage, () => Promise<{ default: string }>> = {
  'zh-CN': () => import('../../../../docs/user-guide.zh-CN.md?raw'),
  en: () => import('../../../../docs/user-guide.en.md?raw'),
};

/** A line break between two Chinese characters (or CJK punctuation), which HTML shows as a space. */
const CJK = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]';
const CJK_BREAK = new RegExp(`(?<=${CJK})\\n(?=${CJK})`, 'gu');

/**
 * The view's own heading is the page's h1: the guide's headings sit one level below it.
 * The markdown wraps its lines at 100 columns; in Chinese a wrapped line is joined with no space.
 */
const marked = new Marked({
  gfm: true,
  walkTokens: (token) => {
    if (token.type === 'heading') token.depth = Math.min(token.depth + 1, 6);
    if (token.type === 'text') token.text = token.text.replace(CJK_BREAK, '');
  },
});

/** The guide's markdown as HTML (pure; exported for the component test). */
export function guideHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export default function GuideView({ onBack }: { onBack(): void }) {
  const { t, language } = useI18n();
  const [shown, setShown] = useState<UiLanguage>(language);
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorPayload | null>(null);

  useEffect(() => setShown(language), [language]);
  useEffect(() => {
    let live = true;
    setMarkdown(null);
    setError(null);
    // A chunk that does not load (a broken install) says so instead of staying blank.
    GUIDES[shown]().then(
      (m) => live && setMarkdown(m.default),
      (e: unknown) => live && setError({ code: 'internal', message: String(e) }),
    );
    return () => {
      live = false;
    };
  }, [shown]);

  const html = useMemo(() => (markdown === null ? null : guideHtml(markdown)), [markdown]);

  const onClick = (e: MouseEvent) => {
    const link = (e.target as Element).closest('a');
    if (!link) return;
    e.preventDefault();
    const href = link.getAttribute('href') ?? '';
    const other = /user-guide\.(zh-CN|en)\.md$/.exec(href)?.[1] as UiLanguage | undefined;
    if (other) setShown(other);
    else if (href.startsWith('#')) document.getElementById(href.slice(1))?.scrollIntoView();
  };

  return (
    <div className="view">
      <ViewHeader title={t('guide.title')} onBack={onBack} />
      <div className="view-body" aria-busy={html === null && !error}>
        {error && <ErrorNotice error={error} />}
        {html === null && !error && <Spinner />}
        {html !== null && (
          // Our own markdown, built into the app (see the comment at the top).
          <article
            className="guide"
            lang={shown}
            onClick={onClick}
            dangerouslySetInnerHTML={{ __html: html }}
          />
        )}
      </div>
    </div>
  );
}
