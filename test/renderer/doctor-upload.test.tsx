// @vitest-environment happy-dom
/** The upload permission is confirmed at the first punch, never "passed" unseen (issue #10 item 17). */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../shared/model';
import { fixtures, reports, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

const unseen: DoctorReport = {
  ...reports.allPass,
  checks: [
    {
      id: 'permission',
      subject: 'Pro.AttendanceRecord.Write',
      status: 'skipped',
      error: null,
      facts: { upload: 'firstPunch' },
    },
  ],
};

async function run(lang: 'zh-CN' | 'en') {
  const { mock, user } = renderApp(withUi(fixtures.beforeWork, { language: lang }));
  const doctor = lang === 'en' ? 'Doctor' : '诊断';
  await screen.findByRole('button', { name: lang === 'en' ? 'More' : '更多' });
  act(() => mock.emit('navigate', { view: 'doctor' }));
  await screen.findByRole('heading', { level: 1, name: doctor });
  mock.reply('runDoctor', ok(unseen));
  await user.click(screen.getByRole('button', { name: lang === 'en' ? 'Run checks' : '开始检测' }));
  return within(await screen.findByRole('list', { name: doctor })).getByRole('listitem');
}

describe('doctor: the upload permission before the first punch', () => {
  it('zh-CN: 第一次打卡时确认, not 通过', async () => {
    const row = await run('zh-CN');
    expect(row).toHaveTextContent('第一次打卡时确认');
    expect(row).not.toHaveTextContent('通过');
  });

  it('en: Confirmed at the first punch, not Passed', async () => {
    const row = await run('en');
    expect(row).toHaveTextContent('Confirmed at the first punch');
    expect(row).not.toHaveTextContent(/pass/i);
  });
});
