// The outbox sender against a real SQLite outbox and the fake HIS over real HTTP: order, backoff, refusals,
// nothing re-sent after an acknowledged delivery, and the job on the service's job registry.
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFakeHis, type FakeHis } from '../../../../../../electron/devkit/fake-his.js';
import { JobRegistry } from '../../../../../../electron/service/jobs.js';
import { visitBundle } from '../../../../../../electron/service/workflows/hospital/his/fhir.js';
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  REFUSED_RETRY_MS,
  backoffMs,
  bindOutbox,
  deliverDue,
  enqueueBundle,
  hisJob,
  outboxKey,
  type OutboxStore,
} from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import { DEPT, HOSPITAL, removeTempDirs, samplePatient, sampleVisit, sqliteOutbox, tempDir, visitIdOf } from './his-helpers.js';

afterAll(removeTempDirs);

let his: FakeHis | undefined;
let store: ReturnType<typeof sqliteOutbox> | undefined;
afterEach(async () => {
  await his?.close();
  store?.close();
  his = undefined;
  store = undefined;
});

function openStore(): ReturnType<typeof sqliteOutbox> {
  store = sqliteOutbox(path.join(tempDir(), 'outbox.db'));
  return store;
}

/** Queues n synthetic visits; returns their keys in order. */
function fill(s: OutboxStore, n: number, from = 0): string[] {
  const keys: string[] = [];
  for (let i = from; i < from + n; i++) {
    const v = sampleVisit({ visitId: visitIdOf(i), queueNumber: i + 1, queueLabel: `A${String(i + 1).padStart(3, '0')}` });
    const r = enqueueBundle(s, v.visitId, visitBundle(samplePatient(), v, DEPT, HOSPITAL));
    expect(r.queued).toBe(true);
    keys.push(r.key);
  }
  return keys;
}

describe('backoffMs', () => {
  it('doubles from 5 s to a 30 min cap (no jitter at rng = 0)', () => {
    const steps = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1, () => 0));
    expect(steps).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 1_800_000, 1_800_000, 1_800_000]);
    expect(steps[0]).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(10_000, () => 0)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(0, () => 0)).toBe(BACKOFF_BASE_MS); // nonsense attempts count as the first
  });

  it('jitter only shortens, by at most 20 %, whatever the rng says', () => {
    const rngs = [0, 0.25, 0.5, 0.999, 1, -3, 7];
    for (let a = 1; a <= 30; a++) {
      const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (a - 1));
      for (const r of rngs) {
        const d = backoffMs(a, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.round(step * 0.8));
        expect(d).toBeLessThanOrEqual(step);
      }
    }
    expect(backoffMs(3, () => 1)).toBe(16_000);
  });
});

describe('outboxKey / enqueueBundle', () => {
  it('the key is the visit id and a digest of the body: same bundle, same key, queued once', () => {
    const s = openStore();
    const b = visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL);
    const a = enqueueBundle(s, 'LK261203-7QF3KD', b);
    const again = enqueueBundle(s, 'LK261203-7QF3KD', visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
    expect(a).toEqual({ key: again.key, queued: true });
    expect(again.queued).toBe(false);
    expect(a.key).toMatch(/^LK261203-7QF3KD\.[0-9a-f]{24}$/);
    expect(a.key).not.toContain('001099000123');
    const changed = enqueueBundle(s, 'LK261203-7QF3KD', visitBundle(samplePatient({ phone: '0900 000 002' }), sampleVisit(), DEPT, HOSPITAL));
    expect(changed.queued).toBe(true);
    expect(changed.key).not.toBe(a.key);
    expect(outboxKey('x', '{}')).toBe(outboxKey('x', '{}'));
    expect(s.outboxStatus()).toMatchObject({ pending: 2, delivered: 0 });
  });
});

describe('deliverDue', () => {
  it('without a URL sends nothing and counts no attempt', async () => {
    const s = openStore();
    fill(s, 3);
    expect(await deliverDue(s, undefined, Date.now())).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(await deliverDue(s, '', Date.now())).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(s.rows().map((r) => r.attempts)).toEqual([0, 0, 0]);
  });

  it('sends every due row once, in order; delivered rows are never sent again', async () => {
    his = await startFakeHis();
    const s = openStore();
    const keys = fill(s, 5);
    const now = Date.now();
    expect(await deliverDue(s, his.url, now)).toEqual({ sent: 5, failed: 0, refused: 0 });
    expect(his.received.map((r) => r.key)).toEqual(keys);
    expect(s.outboxStatus()).toEqual({ pending: 0, delivered: 5, oldestPendingMs: null });
    expect(await deliverDue(s, his.url, now + 24 * 3600_000)).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(his.requests).toHaveLength(5);
    // What the HIS got is the bundle as queued, byte for byte.
    expect(his.received[0]?.bundle).toEqual(JSON.parse(JSON.stringify(visitBundle(samplePatient(), sampleVisit({ visitId: visitIdOf(0), queueNumber: 1, queueLabel: 'A001' }), DEPT, HOSPITAL))));
  });

  it('respects the limit (the rest wait for the next run)', async () => {
    his = await startFakeHis();
    const s = openStore();
    const keys = fill(s, 5);
    expect(await deliverDue(s, his.url, Date.now(), { limit: 2 })).toMatchObject({ sent: 2 });
    expect(await deliverDue(s, his.url, Date.now(), { limit: 2 })).toMatchObject({ sent: 2 });
    expect(await deliverDue(s, his.url, Date.now(), { limit: 2 })).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys()).toEqual(keys);
  });

  it('an unreachable HIS stops the run at the first row and backs it off; the rows go when it is back', async () => {
    his = await startFakeHis({ failFirst: 1 });
    const s = openStore();
    const keys = fill(s, 3);
    const failures: { visitId: string; code: string; attempts: number; nextAtMs: number }[] = [];
    const t0 = 1_000_000;
    const r = await deliverDue(s, his.url, t0, { rng: () => 0, onFailure: (f) => failures.push(f) });
    expect(r).toEqual({ sent: 0, failed: 1, refused: 0 });
    expect(his.requests).toHaveLength(1); // the two others were not tried
    expect(failures).toEqual([{ visitId: visitIdOf(0), code: 'HOSPITAL_HIS_UNREACHABLE', attempts: 1, nextAtMs: t0 + 5_000 }]);
    // The failed row waits its 5 s; the others are due now, and go.
    expect(await deliverDue(s, his.url, t0 + 1)).toMatchObject({ sent: 2, failed: 0 });
    expect(await deliverDue(s, his.url, t0 + 4_999)).toMatchObject({ sent: 0 });
    expect(await deliverDue(s, his.url, t0 + 5_000)).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys().sort()).toEqual([...keys].sort());
    expect(his.requests.filter((q) => q.key === keys[0]).map((q) => q.status)).toEqual([503, 200]);
  });

  it('a refused row is reported, set aside for about an hour, and the run goes on', async () => {
    his = await startFakeHis({ failFirst: 1, status: 400 });
    const s = openStore();
    const keys = fill(s, 3);
    const failures: string[] = [];
    const t0 = 5_000_000;
    expect(await deliverDue(s, his.url, t0, { rng: () => 0.5, onFailure: (f) => failures.push(`${f.visitId} ${f.code}`) })).toEqual({ sent: 2, failed: 1, refused: 1 });
    expect(failures).toEqual([`${visitIdOf(0)} HOSPITAL_HIS_REFUSED`]);
    expect(await deliverDue(s, his.url, t0 + 0.8 * REFUSED_RETRY_MS - 1)).toMatchObject({ sent: 0 });
    expect(await deliverDue(s, his.url, t0 + REFUSED_RETRY_MS)).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys()).toEqual([keys[1], keys[2], keys[0]]);
    expect(s.outboxStatus()).toMatchObject({ pending: 0, delivered: 3 });
  });

  it('attempts grow with each failure and the delay follows the schedule', async () => {
    his = await startFakeHis({ failFirst: 4 });
    const s = openStore();
    fill(s, 1);
    const next: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      await deliverDue(s, his.url, now, { rng: () => 0, onFailure: (f) => next.push(f.nextAtMs - now) });
      now += 3_600_000;
    }
    expect(next).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(s.rows()).toMatchObject([{ attempts: 4 }]);
    expect(s.outboxStatus().delivered).toBe(1);
  });
});

describe('hisJob', () => {
  it('is his.deliver every 5 s on the job registry, reading the URL on each run', async () => {
    his = await startFakeHis();
    const s = openStore();
    const keys = fill(s, 2);
    const cfg: { url?: string } = {};
    const job = hisJob(s, () => cfg.url);
    expect(job.name).toBe('his.deliver');
    expect(job.intervalMs).toBe(5_000);
    const reg = new JobRegistry().add(job);
    expect(await reg.runNow('his.deliver')).toMatchObject({ ok: true });
    expect(his.requests).toHaveLength(0); // not configured yet
    cfg.url = his.url;
    expect(await reg.runNow('his.deliver')).toMatchObject({ ok: true });
    expect(his.uniqueKeys()).toEqual(keys);
  });
});

describe('bindOutbox', () => {
  it('binds Storage-first functions to one storage', async () => {
    his = await startFakeHis();
    const inner = openStore();
    const calls: string[] = [];
    const handle = { name: 'the storage' };
    const bound = bindOutbox(handle, {
      enqueueOutbox: (h, k, v, b) => (calls.push(`enqueue ${h.name}`), inner.enqueueOutbox(k, v, b)),
      dueOutbox: (h, n, l) => (calls.push(`due ${h.name}`), inner.dueOutbox(n, l)),
      outboxDelivered: (h, id, n) => (calls.push(`delivered ${h.name}`), inner.outboxDelivered(id, n)),
      outboxFailed: (h, id, n, c) => (calls.push(`failed ${h.name}`), inner.outboxFailed(id, n, c)),
      outboxStatus: (h) => (calls.push(`status ${h.name}`), inner.outboxStatus()),
    });
    fill(bound, 1);
    expect(await deliverDue(bound, his.url, Date.now())).toMatchObject({ sent: 1 });
    expect(bound.outboxStatus()).toMatchObject({ pending: 0, delivered: 1 });
    expect(calls).toEqual(['enqueue the storage', 'due the storage', 'delivered the storage', 'status the storage']);
  });
});
