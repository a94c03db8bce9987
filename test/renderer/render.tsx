/** Renders the whole popup against a mock bridge, in zh-CN unless the snapshot says otherwise. */
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, vi } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { en } from '../../shared/i18n/en';
import { enErrors } from '../../shared/i18n/en.errors';
import { enViews } from '../../shared/i18n/en.views';
import { zhCN } from '../../shared/i18n/zh-CN';
import { zhCNErrors } from '../../shared/i18n/zh-CN.errors';
import { zhCNViews } from '../../shared/i18n/zh-CN.views';
import { App } from '../../renderer/src/App';
import type { LoadMessages } from '../../renderer/src/i18n';
import { fixtureClock } from './fixtures';
import { createMockBridge } from './mock-bridge';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const parts = {
  'zh-CN': { home: zhCN, errors: zhCNErrors, views: zhCNViews },
  en: { home: en, errors: enErrors, views: enViews },
} as const;

export const loadMessages: LoadMessages = (language, part) =>
  Promise.resolve(parts[language][part]);

export function renderApp(
  snapshot: Snapshot | null,
  options: {
    systemLocale?: string;
    setup?: (mock: ReturnType<typeof createMockBridge>) => void;
    /** The wall clock the popup sees (ISO); default: fixtureClock (only Date is faked). */
    now?: string;
    /** How strings load; default: at once, from the dictionaries. */
    loadMessages?: LoadMessages;
  } = {},
) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse(options.now ?? fixtureClock(snapshot)));
  const mock = createMockBridge(snapshot);
  options.setup?.(mock);
  const user = userEvent.setup();
  const result = render(
    <App
      bridge={mock.bridge}
      loadMessages={options.loadMessages ?? loadMessages}
      systemLocale={options.systemLocale ?? 'zh-CN'}
    />,
  );
  return { ...result, mock, user };
}
