/**
 * The server's tables, as Kysely sees them. Times are epoch milliseconds
 * (bigint columns), booleans 0/1, JSON as text. The same schema runs on SQLite
 * (default) and, later, PostgreSQL: only the dialect differs.
 */
import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

export interface Database {
  /** Pending browser logins: the state sent to DingTalk, bound to the desktop's PKCE challenge. */
  login_requests: {
    id: string;
    redirect_uri: string;
    client_state: string;
    code_challenge: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  /** One-time codes handed to the desktop's loopback receiver (hashed). */
  auth_codes: {
    code_hash: string;
    user_id: string;
    user_name: string | null;
    code_challenge: string;
    redirect_uri: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
    /** The session this code was exchanged for (0002): revoked if the code comes again. */
    session_id: string | null;
  };
  /** A device session: one signed-in desktop, bound to its key (JWK thumbprint). */
  sessions: {
    id: string;
    user_id: string;
    user_name: string | null;
    device_id: string;
    device_name: string;
    platform: string;
    app_version: string;
    /** RFC 7638 thumbprint of the device's public key (DPoP `jkt`). */
    jkt: string;
    /** sha256 of the current access token. */
    access_hash: string;
    access_expires_at: number;
    created_at: number;
    last_seen_at: number;
    last_ip: string | null;
    revoked_at: number | null;
    revoked_reason: string | null;
  };
  /** Every refresh token ever issued (hashed); a used one presented again revokes its session. */
  refresh_tokens: {
    token_hash: string;
    session_id: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  /** Punch intents and their outcomes: the server's outbox toward DingTalk and the audit log. */
  punches: {
    id: Generated<number>;
    intent_id: string;
    device_id: string;
    session_id: string;
    user_id: string;
    device_name: string;
    check_type_hint: string | null;
    clicked_at: number;
    received_at: number;
    /** user_check_time sent to DingTalk. */
    check_time: number;
    /** 1 when the click time was kept because the desktop was offline. */
    offline: number;
    /** accepted | sending | unknown | punched | refused */
    state: string;
    attempts: number;
    /** AppErrorPayload JSON when refused (or the last transient failure). */
    error_json: string | null;
    /** DingTalk's request_id of the successful upload. */
    request_id: string | null;
    uploaded_at: number | null;
    /** reply | reconciled */
    settled_by: string | null;
    client_ip: string | null;
    updated_at: number;
  };
  /** Schedules by user and work date (from listbyusers), ScheduleEntry[] JSON. */
  schedule_cache: {
    user_id: string;
    work_date: string;
    entries_json: string;
    fetched_at: number;
  };
  /** Records by user and calendar day in the org's zone (from listRecord), AttendanceRecord[] JSON. */
  record_cache: {
    user_id: string;
    day: string;
    records_json: string;
    fetched_at: number;
  };
  /** Employees the server has seen sign in (whose schedules it prefetches). */
  users: {
    user_id: string;
    name: string | null;
    first_seen_at: number;
    last_seen_at: number;
  };
  /** Small JSON values: the call meter, policy overrides, leases. */
  kv: {
    key: string;
    value_json: string;
    updated_at: number;
  };
  /** Stream events already handled (eventId), for de-duplication. */
  stream_events: {
    event_id: string;
    received_at: number;
  };
  /** Administrative actions and security events (revocations, refresh replays, policy changes). */
  audit_log: {
    id: Generated<number>;
    at: number;
    actor: string;
    action: string;
    subject: string | null;
    detail_json: string | null;
    ip: string | null;
  };
  /** Admin console sessions (0003_admin): the cookie's sha256, never the cookie itself. */
  admin_sessions: {
    id_hash: string;
    user_id: string;
    user_name: string | null;
    created_at: number;
    /** The absolute end (8 h after sign-in); idle expiry is judged from last_seen_at. */
    expires_at: number;
    last_seen_at: number;
    ip: string | null;
    /** Signed out or expired. */
    ended_at: number | null;
  };
  /** Admin console sign-ins on their way through DingTalk (the state's sha256). */
  admin_logins: {
    state_hash: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  /** DPoP proof ids seen until they expire (0004): a replay to any instance is refused. */
  dpop_jti: {
    key: string;
    expires_at: number;
  };
  /** DingTalk calls of every instance, in flight (ended_at null) or ended within a window (0004). */
  dingtalk_calls: {
    id: Generated<number>;
    api: string;
    instance: string;
    started_at: number;
    ended_at: number | null;
  };
  /**
   * The call meter (0005): counts per month, day (org zone) and API, each instance
   * adding its delta. api '' is the day's pushes; `exhausted` counts 90020 answers.
   */
  meter_counts: {
    month: string;
    day: string;
    api: string;
    counted: number;
    total: number;
    token_fetches: number;
    pushes: number;
    exhausted: number;
  };
}

export type Db = Kysely<Database>;
export type SessionRow = Selectable<Database['sessions']>;
export type PunchRow = Selectable<Database['punches']>;
export type NewPunch = Insertable<Database['punches']>;
export type PunchUpdate = Updateable<Database['punches']>;
