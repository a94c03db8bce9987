/**
 * In-process event bus: what a desktop's SSE connection listens to. With more
 * than one server process the bus is fed from the database's notifications
 * instead (another issue); the interface stays the same.
 */
import type { ServerEvent } from '../../shared/server-api';
import type { EventBus } from '../services';

type Listener = (event: ServerEvent) => void;

export function createEventBus(): EventBus {
  const listeners = new Map<string, Set<{ sessionId: string; listener: Listener }>>();
  const deliver = (entry: { listener: Listener }, event: ServerEvent) => {
    try {
      entry.listener(event);
    } catch {
      // A broken connection must not stop the others from hearing the event.
    }
  };
  return {
    publish(target, event) {
      for (const entry of listeners.get(target.userId) ?? []) {
        if (target.sessionId === undefined || entry.sessionId === target.sessionId) {
          deliver(entry, event);
        }
      }
    },
    broadcast(event) {
      for (const set of listeners.values()) for (const entry of set) deliver(entry, event);
    },
    subscribe(session, listener) {
      const entry = { sessionId: session.sessionId, listener };
      let set = listeners.get(session.userId);
      if (!set) listeners.set(session.userId, (set = new Set()));
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0) listeners.delete(session.userId);
      };
    },
  };
}
