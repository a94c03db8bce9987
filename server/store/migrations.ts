/**
 * Schema migrations, in order. They run at start; a database with a migration
 * this code does not know (written by a newer server) is refused, never touched.
 * Never edit a shipped migration: add the next one.
 */
import { type ColumnDefinitionBuilder, type Kysely, type Migration, PostgresAdapter } from 'kysely';

const ms = 'bigint';

/**
 * A generated integer key on either dialect: SQLite's `integer primary key
 * autoincrement` (never reuses an id), PostgreSQL's identity column. Every other
 * column type here (text, integer, bigint) means the same on both.
 */
const serialId = (db: Kysely<unknown>) =>
  db.getExecutor().adapter instanceof PostgresAdapter
    ? (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity()
    : (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement();

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('client_state', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .execute();
      await db.schema
        .createTable('auth_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('app_version', 'text', (c) => c.notNull())
        .addColumn('jkt', 'text', (c) => c.notNull())
        .addColumn('access_hash', 'text', (c) => c.notNull())
        .addColumn('access_expires_at', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_seen_at', ms, (c) => c.notNull())
        .addColumn('last_ip', 'text')
        .addColumn('revoked_at', ms)
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema
        .createIndex('sessions_access_hash')
        .on('sessions')
        .column('access_hash')
        .unique()
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .execute();
      await db.schema
        .createIndex('refresh_tokens_session')
        .on('refresh_tokens')
        .column('session_id')
        .execute();
      await db.schema
        .createTable('punches')
        .addColumn('id', 'integer', serialId(db))
        .addColumn('intent_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('check_type_hint', 'text')
        .addColumn('clicked_at', ms, (c) => c.notNull())
        .addColumn('received_at', ms, (c) => c.notNull())
        .addColumn('check_time', ms, (c) => c.notNull())
        .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_json', 'text')
        .addColumn('request_id', 'text')
        .addColumn('uploaded_at', ms)
        .addColumn('settled_by', 'text')
        .addColumn('client_ip', 'text')
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      // Idempotency per (device, intent): a constraint, not a process-local map.
      await db.schema
        .createIndex('punches_device_intent')
        .on('punches')
        .columns(['device_id', 'intent_id'])
        .unique()
        .execute();
      await db.schema.createIndex('punches_state').on('punches').column('state').execute();
      await db.schema
        .createIndex('punches_user_time')
        .on('punches')
        .columns(['user_id', 'check_time'])
        .execute();
      await db.schema
        .createTable('schedule_cache')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('work_date', 'text', (c) => c.notNull())
        .addColumn('entries_json', 'text', (c) => c.notNull())
        .addColumn('fetched_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('schedule_cache_pk', ['user_id', 'work_date'])
        .execute();
      await db.schema
        .createTable('record_cache')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('records_json', 'text', (c) => c.notNull())
        .addColumn('fetched_at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('record_cache_pk', ['user_id', 'day'])
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('first_seen_at', ms, (c) => c.notNull())
        .addColumn('last_seen_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kv')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stream_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', serialId(db))
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('detail_json', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    },
  },
  '0002_auth_code_session': {
    async up(db: Kysely<unknown>) {
      // The session a sign-in code was exchanged for: a code presented again revokes it
      // (RFC 6749 §4.1.2). Null for a code never exchanged, or spent on a failed attempt.
      await db.schema.alterTable('auth_codes').addColumn('session_id', 'text').execute();
    },
  },
  '0003_admin': {
    async up(db: Kysely<unknown>) {
      // The admin console's browser sessions (cookie value hashed) and pending DingTalk sign-ins.
      await db.schema
        .createTable('admin_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('last_seen_at', ms, (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('ended_at', ms)
        .execute();
      await db.schema
        .createTable('admin_logins')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('used_at', ms)
        .execute();
    },
  },
  '0004_multi_instance': {
    async up(db: Kysely<unknown>) {
      // What several server processes on one PostgreSQL database must share (created
      // on SQLite too, where one process owns the file and these stay empty):
      // DPoP proof ids seen (a replay to another instance is refused by the key) …
      await db.schema
        .createTable('dpop_jti')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dpop_jti_expires').on('dpop_jti').column('expires_at').execute();
      // … and the DingTalk calls in flight or recently ended, per API (the shared 20/s).
      await db.schema
        .createTable('dingtalk_calls')
        .addColumn('id', 'integer', serialId(db))
        .addColumn('api', 'text', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('started_at', ms, (c) => c.notNull())
        .addColumn('ended_at', ms)
        .execute();
      await db.schema
        .createIndex('dingtalk_calls_api')
        .on('dingtalk_calls')
        .columns(['api', 'started_at'])
        .execute();
    },
  },
  '0005_meter': {
    async up(db: Kysely<unknown>) {
      // The call meter's counts, one row per month, day and API (api '' holds the day's
      // pushes): every instance adds its delta (value = value + delta), so several
      // server processes on one database sum up instead of overwriting one another.
      // `exhausted` counts 90020 answers (budget mode when > 0).
      await db.schema
        .createTable('meter_counts')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('api', 'text', (c) => c.notNull())
        .addColumn('counted', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('total', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('token_fetches', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('pushes', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('exhausted', ms, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('meter_counts_pk', ['month', 'day', 'api'])
        .execute();
    },
  },
};
