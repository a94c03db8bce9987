/**
 * A write-behind key-value Store over the `kv` table, for state that changes
 * on every DingTalk call (the meter): reads and writes hit memory, and dirty
 * keys reach SQLite at most once per `flushDelayMs` and on `close()`. So a
 * graceful stop loses nothing and a crash loses at most that window.
 */
import type { Clock, Store } from '../../main/ports';
import type { Db } from '../store/schema';

export interface KvStore extends Store {
  /** Writes every dirty key now. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

export interface KvStoreOptions {
  db: Db;
  /** Keys are stored as `${prefix}${key}`, so rooms sharing `kv` never collide. */
  prefix: string;
  clock: Clock;
  /** Default 1000 ms. */
  flushDelayMs?: number;
}

const DEFAULT_FLUSH_DELAY_MS = 1000;

export async function openKvStore(options: KvStoreOptions): Promise<KvStore> {
  const { db, prefix, clock } = options;
  const delay = options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS;
  const values = new Map<string, unknown>();
  const rows = await db
    .selectFrom('kv')
    .select(['key', 'value_json'])
    .where('key', 'like', `${prefix.replace(/[%_]/g, '')}%`)
    .execute();
  for (const row of rows) {
    if (!row.key.startsWith(prefix)) continue;
    try {
      values.set(row.key.slice(prefix.length), JSON.parse(row.value_json));
    } catch {
      // A damaged value is dropped, not fatal: the meter starts that key afresh.
    }
  }

  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    if (dirty.size === 0) return;
    const keys = [...dirty];
    dirty.clear();
    const now = clock.now();
    // Serialised at write time: the latest state of each value goes out.
    try {
      await db.transaction().execute(async (tx) => {
        for (const key of keys) {
          if (values.has(key)) {
            const value_json = JSON.stringify(values.get(key));
            await tx
              .insertInto('kv')
              .values({ key: prefix + key, value_json, updated_at: now })
              .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
              .execute();
          } else {
            await tx
              .deleteFrom('kv')
              .where('key', '=', prefix + key)
              .execute();
          }
        }
      });
    } catch (error) {
      // Nothing is lost on a failed write: the keys stay dirty for the next flush.
      for (const key of keys) dirty.add(key);
      throw error;
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    writing = writing.then(write, write);
    return writing;
  }

  function touch(key: string): void {
    dirty.add(key);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      // A failed background write keeps its keys dirty; the next change or close() retries.
      flush().catch(() => undefined);
    }, delay);
    timer.unref();
  }

  return {
    get<T>(key: string): T | undefined {
      return values.get(key) as T | undefined;
    },
    set(key, value) {
      values.set(key, value);
      touch(key);
    },
    delete(key) {
      values.delete(key);
      touch(key);
    },
    flush,
    close: flush,
  };
}
