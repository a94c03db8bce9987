/**
 * The policies in force: the configuration's, unless the administrator
 * changed them (admin console), in which case the change is kept in the `kv`
 * table, written to the audit log, and broadcast to every connected desktop.
 */
import { serverPolicies, type ServerPolicies } from '../shared/server-api';
import type { Clock } from '../main/ports';
import type { EventBus, PolicySource } from './services';
import type { Db } from './store/schema';

const KEY = 'policies';

export async function createPolicySource(deps: {
  db: Db;
  clock: Clock;
  bus: EventBus;
  /** The configuration's policies: in force until an administrator changes them. */
  initial: ServerPolicies;
}): Promise<PolicySource> {
  const row = await deps.db
    .selectFrom('kv')
    .select('value_json')
    .where('key', '=', KEY)
    .executeTakeFirst();
  const stored = row ? serverPolicies.safeParse(safeJson(row.value_json)) : null;
  let current: ServerPolicies = stored?.success ? stored.data : deps.initial;
  return {
    get: () => current,
    async set(next, actor) {
      const value = serverPolicies.parse(next);
      const now = deps.clock.now();
      const json = JSON.stringify(value);
      await deps.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('kv')
          .values({ key: KEY, value_json: json, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json, updated_at: now }))
          .execute();
        await tx
          .insertInto('audit_log')
          .values({
            at: now,
            actor,
            action: 'policies.set',
            subject: null,
            detail_json: json,
            ip: null,
          })
          .execute();
      });
      current = value;
      deps.bus.broadcast({ event: 'policy', data: value });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
