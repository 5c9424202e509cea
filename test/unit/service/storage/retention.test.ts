// Retention: purge by age, audit entry for the purge, chain intact afterwards, scheduled runs.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  insertEvent,
  listAudit,
  listEvents,
  openStorage,
  purgeOlderThan,
  scheduleRetention,
  setSetting,
  verifyAuditChain,
} from '../../../../electron/service/storage/index.js';
import { rawDb, removeTempDirs, sampleEvent, tempDir } from '../fixtures/storage-helpers.js';

afterEach(() => {
  vi.useRealTimers();
  removeTempDirs();
});

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('purgeOlderThan', () => {
  it('deletes events past the window, keeps recent ones, audits the purge and keeps the chain valid', () => {
    const s = openStorage(tempDir(), { retention: false, now: () => NOW });
    const ages = [45, 31, 30.5, 29.9, 10, 0]; // days before NOW
    const ids = ages.map((d) => insertEvent(s.write, sampleEvent({ ...s.idRef('001099012345'), atMs: NOW - Math.round(d * DAY) })));
    const result = purgeOlderThan(s.write, 30, NOW);
    expect(result).toEqual({ purged: 3, cutoffMs: NOW - 30 * DAY, cutoffIso: '2026-01-30T12:00:00.000Z' });
    expect(listEvents(s.read).map((e) => e.id).sort((a, b) => a - b)).toEqual(ids.slice(3));
    const purge = listAudit(s.read, { limit: 10_000 }).filter((e) => e.action === 'retention.purge');
    expect(purge).toHaveLength(1);
    expect(purge[0]?.details).toEqual({ purged: 3, retentionDays: 30, cutoff: '2026-01-30T12:00:00.000Z' });
    expect(JSON.stringify(purge[0])).not.toMatch(/2345|hospital/);
    // The audit entries of the purged events remain and the chain still verifies.
    const recorded = listAudit(s.read, { limit: 10_000 }).filter((e) => e.action === 'event.recorded');
    expect(recorded).toHaveLength(6);
    expect(verifyAuditChain(s.read)).toMatchObject({ ok: true });
    s.close();
  });

  it('leaves no trace of purged rows in the database file (secure_delete)', () => {
    const s = openStorage(tempDir(), { retention: false, now: () => NOW });
    const marker = 'Reader-PURGE-MARKER-qzx';
    insertEvent(s.write, sampleEvent({ readerName: marker, atMs: NOW - 40 * DAY }));
    purgeOlderThan(s.write, 30);
    s.close();
    const raw = rawDb(s.dbPath);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = fs.readFileSync(s.dbPath);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
  });

  it('a second purge finds nothing and still says so in the audit log', () => {
    const s = openStorage(tempDir(), { retention: false, now: () => NOW });
    insertEvent(s.write, sampleEvent({ atMs: NOW - 40 * DAY }));
    expect(purgeOlderThan(s.write).purged).toBe(1);
    expect(purgeOlderThan(s.write).purged).toBe(0);
    const purges = listAudit(s.read).filter((e) => e.action === 'retention.purge').map((e) => e.details.purged);
    expect(purges).toEqual([1, 0]);
    expect(() => purgeOlderThan(s.write, 0)).toThrow();
    s.close();
  });
});

describe('scheduleRetention', () => {
  it('runs at open with the retentionDays setting, then every interval, until stopped', () => {
    vi.useFakeTimers();
    let now = NOW;
    const dir = tempDir();
    const s0 = openStorage(dir, { retention: false, now: () => now });
    setSetting(s0.write, 'retentionDays', 7);
    insertEvent(s0.write, sampleEvent({ atMs: NOW - 8 * DAY }));
    insertEvent(s0.write, sampleEvent({ atMs: NOW - 6 * DAY }));
    s0.close();

    const purged: number[] = [];
    const s = openStorage(dir, { now: () => now, retention: { intervalMs: 3_600_000, onPurged: (r) => purged.push(r.purged) } });
    expect(purged).toEqual([1]); // at open
    expect(listEvents(s.read)).toHaveLength(1);
    now += 2 * DAY;
    vi.advanceTimersByTime(3_600_000);
    expect(purged).toEqual([1, 1]);
    expect(listEvents(s.read)).toHaveLength(0);
    s.close(); // stops the timer
    vi.advanceTimersByTime(10 * 3_600_000);
    expect(purged).toEqual([1, 1]);
  });

  it('reports a failing run through onError instead of throwing from the timer', () => {
    const s = openStorage(tempDir(), { retention: false });
    s.close();
    const errors: unknown[] = [];
    const stop = scheduleRetention(s.write, { intervalMs: 60_000, onError: (e) => errors.push(e) });
    stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/closed/);
  });
});
