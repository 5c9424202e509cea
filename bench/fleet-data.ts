/**
 * Synthetic fleet events for the benchmarks: a realistic mix over a period (reads by hour of the working day,
 * ~88 % verified, wrong keys, lifted cards, reader faults, rare clones and tampered cards; hospital check-ins
 * across departments; bank checks with face outcomes and overrides), deterministic from a seed.
 */
import type { FleetInput } from '../electron/service/storage/fleet.js';

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTERS = ['quay-1', 'quay-2', 'quay-3', 'quay-4', 'quay-5', 'quay-6'];
const DEPARTMENTS = ['K01', 'K02', 'K03', 'K04', 'K05', 'K06', 'K07', 'K08'];
const OPERATORS = ['op_1a2b3c4d', 'op_2b3c4d5e', 'op_3c4d5e6f', 'op_4d5e6f70', 'op_5e6f7081', 'op_6f708192'];
const LOOKUPS = ['valid', 'valid', 'valid', 'valid', 'not_found', 'expired', 'unavailable'];

/** `n` events between fromMs and toMs (ascending time), reads and outcomes mixed. */
export function* syntheticFleetEvents(n: number, opts: { fromMs: number; toMs: number; seed?: number; workflow?: 'hospital' | 'bank' }): Generator<FleetInput> {
  const rnd = mulberry(opts.seed ?? 1);
  const span = opts.toMs - opts.fromMs;
  const wf = opts.workflow ?? 'hospital';
  for (let i = 0; i < n; i++) {
    // Even spread in time, jittered within the slot; working hours weigh more through the jitter.
    const atMs = Math.floor(opts.fromMs + ((i + rnd()) / n) * span);
    const c = Math.floor(rnd() * COUNTERS.length);
    const counter = COUNTERS[c]!;
    const reader = `ACS ACR1252U PICC ${c}`;
    const operator = OPERATORS[c]!;
    const r = rnd();
    if (r < 0.6) {
      const x = rnd();
      const base = { kind: 'read' as const, atMs, workflow: wf, counter, reader, operator, documentType: 'cccd', apdus: 40 + Math.floor(rnd() * 30) };
      if (x < 0.88) yield { ...base, verdict: 'verified', totalMs: Math.round(1200 + rnd() * 1500 + (rnd() < 0.05 ? 3000 : 0)) };
      else if (x < 0.93) yield { ...base, verdict: 'error', reason: 'ACCESS_DENIED', category: 'access', totalMs: Math.round(300 + rnd() * 400) };
      else if (x < 0.97) yield { ...base, verdict: 'error', reason: 'CARD_REMOVED', category: 'removed', totalMs: Math.round(500 + rnd() * 1500) };
      else if (x < 0.985) yield { ...base, verdict: 'error', reason: 'PCSC_UNAVAILABLE', category: 'reader', totalMs: 50 };
      else if (x < 0.995) yield { ...base, verdict: 'not_verified', reason: 'EXPIRED', category: 'tier', totalMs: Math.round(1500 + rnd() * 1000) };
      else if (x < 0.998) yield { ...base, verdict: 'not_verified', reason: 'CA_FAILED', category: 'tier', alert: 'clone', totalMs: 2100 };
      else yield { ...base, verdict: 'not_verified', reason: 'DG_HASH_MISMATCH', category: 'tier', alert: 'tamper', totalMs: 2300 };
    } else if (wf === 'hospital') {
      const override = rnd() < 0.02 ? 1 : 0;
      yield { kind: 'hospital.checkin', atMs, workflow: wf, counter, operator, department: DEPARTMENTS[Math.floor(rnd() * DEPARTMENTS.length)]!, lookup: LOOKUPS[Math.floor(rnd() * LOOKUPS.length)]!, outcome: override ? 'overridden' : 'checked-in', override };
    } else {
      const match = rnd() < 0.95;
      const override = !match && rnd() < 0.5 ? 1 : 0;
      yield { kind: 'bank.check', atMs, workflow: wf, counter, operator, outcome: match || override ? 'confirmed' : 'refused', face: match ? 'match' : rnd() < 0.5 ? 'no-match' : 'not-compared', liveness: rnd() < 0.97 ? 'pass' : 'fail', override };
    }
  }
}
