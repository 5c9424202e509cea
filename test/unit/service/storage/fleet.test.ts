// The fleet outbox on the kiosk: appended with what it reports, numbered without gaps, nothing personal,
// rolled up by the hour, and the kiosk's dashboard counts exactly what was recorded.
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendFleet,
  fleetAfter,
  fleetHwm,
  fleetLastSeq,
  insertEvent,
  kioskId,
  localDashboard,
  openStorage,
  setFleetHwm,
  transaction,
  appendFleetInTx,
} from '../../../../electron/service/storage/index.js';
import { rawDb, removeTempDirs, sampleEvent, tempDir, tiers } from '../fixtures/storage-helpers.js';

afterEach(removeTempDirs);

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0); // 08:00 in Vietnam, 1 December 2026
const HOUR = 3_600_000;

function open(dir = tempDir()) {
  let now = T0;
  const s = openStorage(dir, { retention: false, now: () => now });
  return { s, dir, at: (ms: number) => (now = ms) };
}

describe('fleet outbox', () => {
  it('each read adds one event in the same transaction, numbered 1, 2, 3 … with nothing personal', () => {
    const { s } = open();
    insertEvent(s.write, { ...sampleEvent({ idLast4: '2345', timings: { totalMs: 1800, apdus: 40 } }), operatorId: 'op_0123abcd', workflow: 'hospital' });
    insertEvent(s.write, sampleEvent({ errorCode: 'CARD_REMOVED' }, 'error'));
    insertEvent(s.write, sampleEvent({}, 'not_verified'));
    const ev = fleetAfter(s.read, 0, 10);
    expect(ev.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(ev[0]).toMatchObject({ kind: 'read', verdict: 'verified', counter: 'counter-3', operator: 'op_0123abcd', workflow: 'hospital', totalMs: 1800, apdus: 40, reason: '', alert: '' });
    expect(ev[1]).toMatchObject({ verdict: 'error', reason: 'CARD_REMOVED', category: 'removed' });
    // tiers(fail) fails chipDataIntact with DG_HASH_MISMATCH: a tampered card.
    expect(ev[2]).toMatchObject({ verdict: 'not_verified', reason: 'DG_HASH_MISMATCH', category: 'tier', alert: 'tamper' });
    const raw = rawDb(s.dbPath, { readonly: true });
    const rows = JSON.stringify(raw.prepare('SELECT * FROM fleet_outbox').all());
    raw.close();
    expect(rows).not.toContain('2345');
    expect(new Set(ev.map((e) => e.uuid)).size).toBe(3);
    s.close();
  });

  it('a transaction that rolls back leaves no event and no gap in the numbers', () => {
    const { s } = open();
    appendFleet(s.write, { kind: 'bank.check', counter: 'q1', outcome: 'confirmed' });
    expect(() =>
      transaction(s.write, () => {
        appendFleetInTx(s.write, { kind: 'bank.check', counter: 'q1', outcome: 'refused' });
        throw new Error('the decision could not be stored');
      }),
    ).toThrow();
    appendFleet(s.write, { kind: 'bank.check', counter: 'q1', outcome: 'refused' });
    expect(fleetAfter(s.read, 0, 10).map((e) => [e.seq, e.outcome])).toEqual([
      [1, 'confirmed'],
      [2, 'refused'],
    ]);
    expect(fleetLastSeq(s.read)).toBe(2);
    s.close();
  });

  it('refuses an event that could carry an ID number, and a read is still recorded when its reader name is long', () => {
    const { s } = open();
    expect(() => appendFleet(s.write, { kind: 'read', counter: 'c', reason: 'X001099012345' })).toThrow(/ID-like/);
    insertEvent(s.write, sampleEvent({ readerName: 'R'.repeat(180) }));
    expect(fleetAfter(s.read, 0, 10)).toHaveLength(1);
    expect(fleetAfter(s.read, 0, 10)[0]!.reader).toHaveLength(100);
    s.close();
  });

  it('the kiosk id is made once, letters only, and survives reopening; the high-water mark only moves forward', () => {
    const { s, dir } = open();
    const id = kioskId(s.write);
    expect(id).toMatch(/^kiosk-[a-z]{10}$/);
    setFleetHwm(s.write, 5);
    setFleetHwm(s.write, 3);
    expect(fleetHwm(s.read)).toBe(5);
    s.close();
    const again = openStorage(dir, { retention: false });
    expect(kioskId(again.write)).toBe(id);
    expect(fleetHwm(again.read)).toBe(5);
    again.close();
  });

  it('the kiosk dashboard counts what was recorded: per day in Vietnam time, reasons, latency, outcomes, readers, alerts', async () => {
    const { s, at } = open();
    // Day 1 (Vietnam): 4 verified reads (1.2, 1.6, 2.2, 2.5 s) and one card removed.
    const reads: [number, number, string?][] = [
      [T0, 1200],
      [T0 + 10 * 60_000, 1600],
      [T0 + HOUR, 2200],
      [T0 + 2 * HOUR, 2500],
      [T0 + 3 * HOUR, 300, 'CARD_REMOVED'],
    ];
    for (const [t, ms, code] of reads) {
      at(t);
      const none = { status: 'not_performed' as const, code: 'READ_CANCELLED' as const };
      const notRead = { chipDataIntact: none, chipGenuine: none, issuerTrusted: none, documentValid: none, onlineConfirmed: none };
      insertEvent(s.write, code ? sampleEvent({ timings: { totalMs: ms }, errorCode: code, tiers: notRead }, 'error') : sampleEvent({ timings: { totalMs: ms, apdus: 30 } }));
    }
    // Day 2 at 23:30 in Vietnam (16:30 UTC): a clone.
    at(Date.UTC(2026, 11, 2, 16, 30));
    const clone = tiers('pass');
    clone.chipGenuine = { status: 'fail', code: 'CA_FAILED' };
    insertEvent(s.write, { ...sampleEvent({ timings: { totalMs: 2500 } }, 'not_verified'), tiers: clone });
    at(Date.UTC(2026, 11, 2, 17, 30)); // 00:30 on 3 December in Vietnam: day 3
    appendFleet(s.write, { kind: 'hospital.checkin', counter: 'counter-3', department: 'K01', lookup: 'valid', outcome: 'checked-in', operator: 'op_0123abcd' });
    appendFleet(s.write, { kind: 'bank.check', counter: 'counter-3', outcome: 'confirmed', face: 'match', override: 1, operator: 'op_0123abcd' });

    const q = { fromMs: Date.UTC(2026, 10, 30, 17), toMs: Date.UTC(2026, 11, 3, 17), bucket: 'day' as const, tzOffsetMin: 420 };
    const d = await localDashboard(s.read, q, { kioskId: kioskId(s.write), operatorName: (id) => (id === 'op_0123abcd' ? 'Trần Văn Giám Sát' : null) });
    expect(d.reads.t).toEqual([Date.UTC(2026, 10, 30, 17), Date.UTC(2026, 11, 1, 17), Date.UTC(2026, 11, 2, 17)]);
    expect(d.reads.verified).toEqual([4, 0, 0]);
    expect(d.reads.error).toEqual([1, 0, 0]);
    expect(d.reads.notVerified).toEqual([0, 1, 0]);
    expect(d.totals).toMatchObject({ reads: 6, verified: 4, notVerified: 1, errors: 1, checkins: 1, bankChecks: 1, overrides: 1, alerts: 1 });
    expect(d.failures).toEqual([
      { code: 'CA_FAILED', category: 'tier', count: 1 },
      { code: 'CARD_REMOVED', category: 'removed', count: 1 },
    ]);
    // Completed reads: 1200, 1600, 2200, 2500, 2500 (the clone) → the median is in [2000, 2500].
    expect(d.latency.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(d.latency.p50).toBeGreaterThanOrEqual(2000);
    expect(d.latency.p50).toBeLessThanOrEqual(2500);
    expect(d.latency.meanMs).toBe(Math.round((1200 + 1600 + 2200 + 2500 + 2500) / 5));
    expect(d.hospital).toMatchObject({ checkins: [0, 0, 1], byDepartment: [{ department: 'K01', count: 1 }], lookups: [{ code: 'valid', count: 1 }], overrides: 0 });
    expect(d.bank).toMatchObject({ checks: [0, 0, 1], outcomes: [{ outcome: 'confirmed', face: 'match', count: 1 }], overrides: 1 });
    expect(d.readers).toHaveLength(1);
    expect(d.readers[0]).toMatchObject({ counter: 'counter-3', reads: 6, errors: 1, lastSeenMs: Date.UTC(2026, 11, 2, 16, 30) });
    expect(d.alerts).toEqual([{ atMs: Date.UTC(2026, 11, 2, 16, 30), kiosk: kioskId(s.write), counter: 'counter-3', reader: 'ACS ACR1252 Dual Reader PICC 00', alert: 'clone', code: 'CA_FAILED' }]);
    expect(d.operators).toEqual([{ operator: 'op_0123abcd', name: 'Trần Văn Giám Sát', checkins: 1, bankChecks: 1, overrides: 1 }]);
    s.close();
  });
});
