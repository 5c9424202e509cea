/** The HIS outbox's sender (his/outbox.ts) bound to the registry's outbox table (store/). */
import type { Storage } from '../../storage/index.js';
import type { OutboxStore } from './his/outbox.js';
import * as store from './store/index.js';

export function storeOutbox(s: Storage): OutboxStore {
  return {
    enqueueOutbox: (key, visitId, body) => store.enqueueOutbox(s, key, visitId, body),
    dueOutbox: (nowMs, limit) => store.dueOutbox(s, nowMs, limit),
    outboxDelivered: (id, nowMs) => store.outboxDelivered(s, id, nowMs),
    outboxFailed: (id, nextAtMs, errorCode) => store.outboxFailed(s, id, nextAtMs, errorCode),
    outboxStatus: () => store.outboxStatus(s),
  };
}
