// The outbox sender against the registry's real outbox (SQLCipher storage, its own clock) and the fake HIS over real HTTP: order, backoff, refusals,
// nothing re-sent after an acknowledged delivery, and the job on the service's job registry.
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
} from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import type { Visit } from '../../../../../../electron/service/workflows/hospital/types.js';
import { DEPT, HOSPITAL, openHis, removeTempDirs, tempDir, visitIdOf, type Clock } from './his-helpers.js';

afterAll(removeTempDirs);

/** The storage's clock: rows are enqueued at clock.now, and the tests pass times relative to T0. */
const T0 = Date.parse('2026-12-03T08:00:00.000Z');
let clock: Clock = { now: T0 };
let his: FakeHis | undefined;
let h: ReturnType<typeof openHis> | undefined;
afterEach(async () => {
  await his?.close();
  h?.close();
  his = undefined;
  h = undefined;
});

function openStore(): ReturnType<typeof openHis> {
  clock = { now: T0 };
  h = openHis(tempDir(), clock);
  return h;
}

/** Makes and queues n visits; returns their keys in order (and the visits in `made`). */
const made: Visit[] = [];
function fill(x: ReturnType<typeof openHis>, n: number, from = 0): string[] {
  const keys: string[] = [];
  for (let i = from; i < from + n; i++) {
    const r = x.visit(i);
    expect(r.queued).toBe(true);
    made.push(r.visit);
    keys.push(r.key);
  }
  return keys;
}

/** Every pending row (due at any time), with its attempts. */
const pending = (x: ReturnType<typeof openHis>) => x.store.dueOutbox(T0 + 365 * 86_400_000, 1000);

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
    const x = openStore();
    const { visit, key } = x.visit(0);
    const again = enqueueBundle(x.store, visit.visitId, visitBundle(x.patient, visit, DEPT, HOSPITAL));
    expect(again).toEqual({ key, queued: false });
    expect(key).toMatch(/^LK261203-[0-9A-Z]{6}\.[a-p]{24}$/);
    expect(key).not.toMatch(/[0-9]{9}/);
    expect(key).not.toContain(x.patient.cccd);
    const changed = enqueueBundle(x.store, visit.visitId, visitBundle({ ...x.patient, phone: '0900 000 002' }, visit, DEPT, HOSPITAL));
    expect(changed.queued).toBe(true);
    expect(changed.key).not.toBe(key);
    expect(outboxKey('x', '{}')).toBe(outboxKey('x', '{}'));
    expect(x.store.outboxStatus()).toMatchObject({ pending: 2, delivered: 0 });
  });
});

describe('deliverDue', () => {
  it('without a URL sends nothing and counts no attempt', async () => {
    const x = openStore();
    fill(x, 3);
    expect(await deliverDue(x.store, undefined, T0)).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(await deliverDue(x.store, '', T0)).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(pending(x).map((r) => r.attempts)).toEqual([0, 0, 0]);
  });

  it('sends every due row once, in order; delivered rows are never sent again', async () => {
    his = await startFakeHis();
    const x = openStore();
    made.length = 0;
    const keys = fill(x, 5);
    expect(await deliverDue(x.store, his.url, T0)).toEqual({ sent: 5, failed: 0, refused: 0 });
    expect(his.received.map((r) => r.key)).toEqual(keys);
    expect(x.store.outboxStatus()).toEqual({ pending: 0, delivered: 5, oldestPendingMs: null });
    expect(await deliverDue(x.store, his.url, T0 + 24 * 3600_000)).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(his.requests).toHaveLength(5);
    // What the HIS got is the bundle as queued, byte for byte.
    expect(his.received[0]?.bundle).toEqual(JSON.parse(JSON.stringify(visitBundle(x.patient, made[0]!, DEPT, HOSPITAL))));
    expect(made[0]?.visitId).toBe(visitIdOf(0));
  });

  it('respects the limit (the rest wait for the next run)', async () => {
    his = await startFakeHis();
    const x = openStore();
    const keys = fill(x, 5);
    expect(await deliverDue(x.store, his.url, T0, { limit: 2 })).toMatchObject({ sent: 2 });
    expect(await deliverDue(x.store, his.url, T0, { limit: 2 })).toMatchObject({ sent: 2 });
    expect(await deliverDue(x.store, his.url, T0, { limit: 2 })).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys()).toEqual(keys);
  });

  it('an unreachable HIS stops the run at the first row and backs it off; the rows go when it is back', async () => {
    his = await startFakeHis({ failFirst: 1 });
    const x = openStore();
    const keys = fill(x, 3);
    const failures: { visitId: string; code: string; attempts: number; nextAtMs: number }[] = [];
    const t0 = T0;
    const r = await deliverDue(x.store, his.url, t0, { rng: () => 0, onFailure: (f) => failures.push(f) });
    expect(r).toEqual({ sent: 0, failed: 1, refused: 0 });
    expect(his.requests).toHaveLength(1); // the two others were not tried
    expect(failures).toEqual([{ visitId: visitIdOf(0), code: 'HOSPITAL_HIS_UNREACHABLE', attempts: 1, nextAtMs: t0 + 5_000 }]);
    // The failed row waits its 5 s; the others are due now, and go.
    expect(await deliverDue(x.store, his.url, t0 + 1)).toMatchObject({ sent: 2, failed: 0 });
    expect(await deliverDue(x.store, his.url, t0 + 4_999)).toMatchObject({ sent: 0 });
    expect(await deliverDue(x.store, his.url, t0 + 5_000)).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys().sort()).toEqual([...keys].sort());
    expect(his.requests.filter((q) => q.key === keys[0]).map((q) => q.status)).toEqual([503, 200]);
  });

  it('a refused row is reported, set aside for about an hour, and the run goes on', async () => {
    his = await startFakeHis({ failFirst: 1, status: 400 });
    const x = openStore();
    const keys = fill(x, 3);
    const failures: string[] = [];
    const t0 = T0;
    expect(await deliverDue(x.store, his.url, t0, { rng: () => 0.5, onFailure: (f) => failures.push(`${f.visitId} ${f.code}`) })).toEqual({ sent: 2, failed: 1, refused: 1 });
    expect(failures).toEqual([`${visitIdOf(0)} HOSPITAL_HIS_REFUSED`]);
    expect(await deliverDue(x.store, his.url, t0 + 0.8 * REFUSED_RETRY_MS - 1)).toMatchObject({ sent: 0 });
    expect(await deliverDue(x.store, his.url, t0 + REFUSED_RETRY_MS)).toMatchObject({ sent: 1 });
    expect(his.uniqueKeys()).toEqual([keys[1], keys[2], keys[0]]);
    expect(x.store.outboxStatus()).toMatchObject({ pending: 0, delivered: 3 });
  });

  it('attempts grow with each failure and the delay follows the schedule', async () => {
    his = await startFakeHis({ failFirst: 4 });
    const x = openStore();
    fill(x, 1);
    const next: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      await deliverDue(x.store, his.url, now, { rng: () => 0, onFailure: (f) => next.push(f.nextAtMs - now) });
      now += 3_600_000;
    }
    expect(next).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(pending(x)).toMatchObject([{ attempts: 4 }]);
    await deliverDue(x.store, his.url, now);
    expect(x.store.outboxStatus()).toMatchObject({ pending: 0, delivered: 1 });
  });
});

describe('hisJob', () => {
  it('is his.deliver every 5 s on the job registry, reading the URL on each run', async () => {
    his = await startFakeHis();
    const x = openStore();
    const keys = fill(x, 2);
    const cfg: { url?: string } = {};
    const job = hisJob(x.store, () => cfg.url);
    expect(job.name).toBe('his.deliver');
    expect(job.intervalMs).toBe(5_000);
    const reg = new JobRegistry().add(job);
    expect(await reg.runNow('his.deliver', T0)).toMatchObject({ ok: true });
    expect(his.requests).toHaveLength(0); // not configured yet
    cfg.url = his.url;
    expect(await reg.runNow('his.deliver', T0)).toMatchObject({ ok: true });
    expect(his.uniqueKeys()).toEqual(keys);
  });
});

describe('bindOutbox', () => {
  it('binds Storage-first functions to one storage', async () => {
    his = await startFakeHis();
    const x = openStore();
    const inner = x.store;
    const calls: string[] = [];
    const handle = { name: 'the storage' };
    const bound = bindOutbox(handle, {
      enqueueOutbox: (h, k, v, b) => (calls.push(`enqueue ${h.name}`), inner.enqueueOutbox(k, v, b)),
      dueOutbox: (h, n, l) => (calls.push(`due ${h.name}`), inner.dueOutbox(n, l)),
      outboxDelivered: (h, id, n) => (calls.push(`delivered ${h.name}`), inner.outboxDelivered(id, n)),
      outboxFailed: (h, id, n, c) => (calls.push(`failed ${h.name}`), inner.outboxFailed(id, n, c)),
      outboxStatus: (h) => (calls.push(`status ${h.name}`), inner.outboxStatus()),
    });
    const v = x.visit(0).visit;
    enqueueBundle(bound, v.visitId, visitBundle({ ...x.patient, phone: null }, v, DEPT, HOSPITAL));
    expect(await deliverDue(bound, his.url, T0, { limit: 1 })).toMatchObject({ sent: 1 });
    expect(bound.outboxStatus()).toMatchObject({ pending: 1, delivered: 1 });
    expect(calls).toEqual(['enqueue the storage', 'due the storage', 'delivered the storage', 'status the storage']);
  });
});
