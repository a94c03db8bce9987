/** The admin console's rows in the audit log: who did what, to whom, from where. */
import type { Db } from '../store/schema';

export const ADMIN_ACTIONS = {
  signIn: 'admin.signIn',
  signInRefused: 'admin.signInRefused',
  signOut: 'admin.signOut',
  revokeDevice: 'admin.revokeDevice',
  revokeUser: 'admin.revokeUser',
  setPolicies: 'admin.setPolicies',
  exportCsv: 'admin.exportCsv',
} as const;

export type AdminAction = (typeof ADMIN_ACTIONS)[keyof typeof ADMIN_ACTIONS];

/** The actor string of an administrator (also passed to revoke() and policies.set()). */
export const actorOf = (userId: string) => `admin:${userId}`;

export async function audit(
  db: Db,
  entry: {
    at: number;
    actor: string;
    action: AdminAction;
    subject?: string | null;
    detail?: unknown;
    ip?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      detail_json: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ip: entry.ip ?? null,
    })
    .execute();
}
