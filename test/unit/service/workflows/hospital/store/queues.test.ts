// The insurance lookup retry queue and the HIS outbox: due times, back-off (attempts and next time kept),
// idempotent queueing, one row per delivery key, a delivered row never due again, status counts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../../../../electron/service/storage/index.js';
import {
  createVisit,
  dueLookups,
  dueOutbox,
  enqueueOutbox,
  lookupDone,
  lookupFailed,
  outboxDelivered,
  outboxFailed,
  outboxStatus,
  queueLookup,
  upsertPatient,
} from '../../../../../../electron/service/workflows/hospital/store/index.js';
import { insurance, OPERATOR, openHospital, patientInput, rawDb, removeTempDirs, tempDir, withDepartments, type Clock } from './helpers.js';

afterEach(removeTempDirs);

const T0 = Date.parse('2026-12-03T08:00:00Z');

function withVisits(n: number, clock: Clock, dir?: string): { s: Storage; ids: string[] } {
  const s = withDepartments(openHospital(dir, clock));
  upsertPatient(s, patientInput(), 'test');
  const ids = Array.from({ length: n }, () => createVisit(s, { patientCccd: '001099012345', department: 'K01', day: '2026-12-03', operatorId: OPERATOR, counter: null, identitySource: 'chip', override: null, insurance: insurance() }).visitId);
  return { s, ids };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('insurance lookup queue', () => {
  it('hands out due lookups earliest first, keeps attempts and the next time on failure, forgets done ones', () => {
    const clock = { now: T0 };
    const { s, ids } = withVisits(3, clock);
    const [a, b, c] = ids as [string, string, string];
    queueLookup(s, b, T0 + 2000);
    queueLookup(s, a, T0 + 1000);
    queueLookup(s, c, T0 + 60_000);
    queueLookup(s, a, T0 + 999_999); // idempotent: a keeps its row and time
    expect(dueLookups(s, T0, 10)).toEqual([]);
    expect(dueLookups(s, T0 + 2000, 10)).toEqual([{ visitId: a, attempts: 0 }, { visitId: b, attempts: 0 }]);
    expect(dueLookups(s, T0 + 2000, 1)).toEqual([{ visitId: a, attempts: 0 }]);

    lookupFailed(s, a, T0 + 30_000, 'HOSPITAL_GATEWAY_UNREACHABLE'); // back off
    expect(dueLookups(s, T0 + 2000, 10)).toEqual([{ visitId: b, attempts: 0 }]);
    lookupFailed(s, a, T0 + 50_000, 'HOSPITAL_GATEWAY_UNREACHABLE');
    expect(dueLookups(s, T0 + 50_000, 10)).toEqual([{ visitId: b, attempts: 0 }, { visitId: a, attempts: 2 }]);

    lookupDone(s, b);
    lookupDone(s, b); // twice is harmless
    expect(dueLookups(s, T0 + 100_000, 10)).toEqual([{ visitId: a, attempts: 2 }, { visitId: c, attempts: 0 }]);
    const raw = rawDb(s.dbPath, { readonly: true });
    expect(raw.prepare(`SELECT last_error AS e FROM hospital_lookups WHERE visit_id = ?`).get(a)).toEqual({ e: 'HOSPITAL_GATEWAY_UNREACHABLE' });
    raw.close();
    expect(codeOf(() => queueLookup(s, 'LK261203-0000AA', T0))).toBe('HOSPITAL_UNKNOWN_VISIT');
    expect(codeOf(() => lookupFailed(s, a, -1, 'X'))).toBe('INTERNAL');
    expect(codeOf(() => dueLookups(s, T0, 0))).toBe('INTERNAL');
    s.close();
  });

  it('keeps queued lookups across close and reopen', () => {
    const dir = tempDir();
    const clock = { now: T0 };
    const { s, ids } = withVisits(1, clock, dir);
    queueLookup(s, ids[0]!, T0);
    lookupFailed(s, ids[0]!, T0 + 10, 'HOSPITAL_GATEWAY_ANSWER');
    s.close();
    const again = openHospital(dir, clock);
    expect(dueLookups(again, T0 + 10, 10)).toEqual([{ visitId: ids[0], attempts: 1 }]);
    again.close();
  });
});

describe('HIS outbox', () => {
  it('one row per key; due now, backed off on failure, never due again once delivered', () => {
    const clock = { now: T0 };
    const { s, ids } = withVisits(2, clock);
    const [a, b] = ids as [string, string];
    expect(outboxStatus(s)).toEqual({ pending: 0, delivered: 0, oldestPendingMs: null });
    expect(enqueueOutbox(s, `checkin:${a}`, a, '{"resourceType":"Bundle"}')).toBe(true);
    expect(enqueueOutbox(s, `checkin:${a}`, a, '{"other":true}')).toBe(false);
    clock.now = T0 + 5000;
    expect(enqueueOutbox(s, `checkin:${b}`, b, '{"b":1}')).toBe(true);
    expect(outboxStatus(s)).toEqual({ pending: 2, delivered: 0, oldestPendingMs: T0 });

    const due = dueOutbox(s, T0 + 5000, 10);
    expect(due.map((d) => [d.key, d.visitId, d.body, d.attempts])).toEqual([
      [`checkin:${a}`, a, '{"resourceType":"Bundle"}', 0],
      [`checkin:${b}`, b, '{"b":1}', 0],
    ]);
    expect(dueOutbox(s, T0 + 4999, 10).map((d) => d.visitId)).toEqual([a]);

    outboxFailed(s, due[0]!.id, T0 + 65_000, 'HOSPITAL_HIS_UNREACHABLE');
    expect(dueOutbox(s, T0 + 6000, 10).map((d) => d.visitId)).toEqual([b]);
    outboxDelivered(s, due[1]!.id, T0 + 6000);
    expect(outboxStatus(s)).toEqual({ pending: 1, delivered: 1, oldestPendingMs: T0 });
    expect(dueOutbox(s, T0 + 65_000, 10).map((d) => [d.visitId, d.attempts])).toEqual([[a, 1]]);

    // A delivered row: never due again, not re-queued by its key, not changed by a late failure report.
    outboxFailed(s, due[1]!.id, T0, 'HOSPITAL_HIS_REFUSED');
    expect(enqueueOutbox(s, `checkin:${b}`, b, '{"b":2}')).toBe(false);
    expect(dueOutbox(s, Number.MAX_SAFE_INTEGER, 10).map((d) => d.visitId)).toEqual([a]);
    outboxDelivered(s, due[0]!.id, T0 + 70_000);
    expect(dueOutbox(s, Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(outboxStatus(s)).toEqual({ pending: 0, delivered: 2, oldestPendingMs: null });

    const raw = rawDb(s.dbPath, { readonly: true });
    expect(raw.prepare(`SELECT body, state, delivered_ms AS at FROM hospital_outbox ORDER BY id`).all()).toEqual([
      { body: '', state: 'delivered', at: T0 + 70_000 },
      { body: '', state: 'delivered', at: T0 + 6000 },
    ]);
    raw.close();
    expect(codeOf(() => enqueueOutbox(s, 'k', 'LK261203-0000AA', '{}'))).toBe('HOSPITAL_UNKNOWN_VISIT');
    expect(codeOf(() => enqueueOutbox(s, 'cccd:001099012345', a, '{}'))).toBe('INTERNAL');
    s.close();
  });
});
