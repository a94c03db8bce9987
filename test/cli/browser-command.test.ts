import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../main/node-ports';

// A DingTalk login URL: `&` between the parameters is what `cmd /c start` cut at.
const LOGIN =
  'https://login.dingtalk.com/oauth2/auth?redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback&response_type=code&client_id=ding1&scope=openid&state=abc&prompt=consent';

describe('browserCommand', () => {
  it('on Windows runs rundll32 with the whole URL as one argument, never cmd', () => {
    const command = browserCommand(LOGIN, 'win32');
    expect(command).toEqual({ file: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', LOGIN] });
    expect(command?.file).not.toMatch(/cmd/i);
  });

  it('on macOS runs open, on Linux xdg-open, the URL one argument', () => {
    expect(browserCommand(LOGIN, 'darwin')).toEqual({ file: 'open', args: [LOGIN] });
    expect(browserCommand(LOGIN, 'linux')).toEqual({ file: 'xdg-open', args: [LOGIN] });
  });

  it('hands over the parsed URL: spaces and quotes cannot split or end the argument', () => {
    const command = browserCommand('https://example.com/a b"&calc.exe', 'win32');
    expect(command?.args[1]).toBe('https://example.com/a%20b%22&calc.exe');
    expect(command?.args).toHaveLength(2);
  });

  it('refuses anything but plain http(s): files, other schemes, credentials, garbage', () => {
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'C:\\Windows\\System32\\calc.exe',
      '\\\\evil\\share\\run.exe',
      'javascript:alert(1)',
      'ms-settings:',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(browserCommand(url, 'win32'), url).toBeNull();
      expect(browserCommand(url, 'linux'), url).toBeNull();
    }
  });
});

describe('the CLI opener', () => {
  it('goes through browserCommand, with no shell and no cmd /c start', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('../../main/cli.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/['"]cmd['"]|\/c['"],\s*['"]start/);
    expect(source).toMatch(/browserCommand\(url, process\.platform\)/);
    expect(source).toMatch(/shell: false/);
  });
});
