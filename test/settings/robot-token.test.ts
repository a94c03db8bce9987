import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/handlers';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { migrateRobotToken } from '../../main/settings/robot-token';
import { Vault } from '../../main/settings/vault';
import { requests } from '../../shared/contract';
import { settingsSchema } from '../../shared/settings';

const TOKEN = 'f00ba4robotWebhookToken0123456789';

function oldSettings(store: MemoryStore) {
  store.set('settings', { ui: { language: 'en' }, receipts: { enabled: true, robotToken: TOKEN } });
}

describe('the robot token moves from settings to the vault', () => {
  it('once: the vault holds it, the settings keep everything else', async () => {
    const settings = new MemoryStore();
    const secrets = new MemoryStore();
    oldSettings(settings);
    const vault = new Vault({ store: secrets, cipher: new TestCipher() });
    await vault.load();
    await migrateRobotToken(settings, vault, silentLogger);
    expect(vault.getSecret('robotToken')).toBe(TOKEN);
    expect(settings.get('settings')).toEqual({
      ui: { language: 'en' },
      receipts: { enabled: true },
    });
    expect(JSON.stringify(secrets.get('secret.robotToken'))).not.toContain(TOKEN);
    // Again (the next start): nothing changes, a token set since is not overwritten.
    await vault.setSecret('robotToken', 'newerToken12345');
    await migrateRobotToken(settings, vault, silentLogger);
    expect(vault.getSecret('robotToken')).toBe('newerToken12345');
  });

  it('keeps the old value where it was when the keychain refuses, to try again next start', async () => {
    const settings = new MemoryStore();
    oldSettings(settings);
    const refusing = new TestCipher();
    refusing.encrypt = () => Promise.reject(new Error('denied'));
    const vault = new Vault({ store: new MemoryStore(), cipher: refusing });
    await vault.load();
    await migrateRobotToken(settings, vault, silentLogger);
    expect(JSON.stringify(settings.get('settings'))).toContain(TOKEN);
  });

  it('is no setting any more: the schema, a patch, a snapshot cannot carry it', () => {
    expect(Object.keys(settingsSchema.shape.receipts.unwrap().shape)).toEqual(['enabled']);
    expect(requests.setRobotSecret.safeParse({ token: 'abc123' }).success).toBe(true);
    expect(requests.setRobotSecret.safeParse({ token: 'abc 123' }).success).toBe(false);
    expect(requests.setRobotSecret.safeParse({ token: 'a'.repeat(201) }).success).toBe(false);
  });

  it('the handler sends a token to the vault and a snapshot only says whether one is set', async () => {
    const calls: (string | null)[] = [];
    const engine = {
      setRobotSecret: () => calls.push('secret'),
      setRobotToken: (token: string | null) => calls.push(token),
      snapshot: () => ({ robotTokenSet: calls.at(-1) !== null }),
    };
    const handlers = createHandlers(engine as never, {} as never);
    const snap = await handlers.setRobotSecret({ token: 'abc123' });
    expect(calls).toEqual(['abc123']);
    expect(snap).toEqual({ robotTokenSet: true });
    await handlers.setRobotSecret({ token: null, secret: 'SECx' });
    expect(calls).toEqual(['abc123', 'secret', null]);
  });
});
