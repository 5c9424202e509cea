/**
 * Storage benchmark: event insert latency (both durability modes), "seen before" lookup latency among a
 * large number of events, bulk-load time and database size. Returns figures; printing is the caller's job
 * (bench/storage-main.ts, `npm run bench:storage`). Uses synthetic IDs only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findByIdHash, insertEvent, insertEvents } from '../electron/service/storage/events.js';
import { openStorage, type Storage } from '../electron/service/storage/index.js';
import { sqlCheckpoint, sqlDatabaseBytes, transaction } from '../electron/service/storage/sql.js';
import type { Durability } from '../electron/service/storage/sql.js';
import type { EventInput, IdHash, Tiers } from '../electron/service/storage/types.js';

export interface LatencyFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StorageBenchResult {
  insert: Record<Durability, LatencyFigures>;
  bulkLoad: { events: number; seconds: number; eventsPerSecond: number };
  lookupHit: LatencyFigures & { among: number; rowsPerHit: number };
  lookupMiss: LatencyFigures & { among: number };
  dbBytes: number;
  fileBytes: number;
}

export interface StorageBenchOptions {
  /** Events in the lookup table. Default 1 000 000. */
  events?: number;
  /** Distinct people among them (each seen events/people times). Default 200 000. */
  people?: number;
  /** Timed single inserts per durability mode. Default 2000. */
  inserts?: number;
  /** Timed lookups (hits and misses each). Default 10 000. */
  lookups?: number;
  /** Where to put the temp data dirs. Default os.tmpdir(). */
  tmpRoot?: string;
}

const TIERS: Tiers = {
  chipDataIntact: { status: 'pass', code: 'SOD_VALID' },
  chipGenuine: { status: 'pass', code: 'CHIP_GENUINE', params: { via: ['CA', 'AA'] } },
  issuerTrusted: { status: 'pass', code: 'ISSUER_TRUSTED' },
  documentValid: { status: 'pass', code: 'VALID_UNTIL', params: { agreed: ['DG1', 'DG13', 'entered'] } },
  onlineConfirmed: { status: 'not_performed', code: 'ONLINE_NOT_CONFIGURED' },
};

function event(s: Storage, id12: string, atMs?: number): EventInput {
  return {
    ...(atMs === undefined ? {} : { atMs }),
    readerName: 'ACS ACR1252 Dual Reader PICC 00',
    counterId: 'counter-3',
    purpose: 'bank',
    clientId: 'c-bench',
    verdict: 'verified',
    tiers: TIERS,
    timings: { connect: 35, bac: 410, dg1: 120, dg2: 2100, total: 2900 },
    documentType: 'CCCD-2021',
    ...s.idRef(id12),
  };
}

const id12 = (n: number): string => `0790${String(n).padStart(8, '0')}`;

function figures(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { n: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(sorted[sorted.length - 1] ?? 0) };
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function fileBytes(dbPath: string): number {
  let total = 0;
  for (const f of [dbPath, `${dbPath}-wal`]) if (fs.existsSync(f)) total += fs.statSync(f).size;
  return total;
}

export function benchStorage(opts: StorageBenchOptions = {}): StorageBenchResult {
  const events = opts.events ?? 1_000_000;
  const people = Math.min(opts.people ?? 200_000, events);
  const inserts = opts.inserts ?? 2000;
  const lookups = opts.lookups ?? 10_000;
  const root = fs.mkdtempSync(path.join(opts.tmpRoot ?? os.tmpdir(), 'chipid-bench-'));
  try {
    const insert = {} as Record<Durability, LatencyFigures>;
    for (const durability of ['full', 'normal'] as const) {
      const s = openStorage(path.join(root, durability), { durability, retention: false });
      for (let i = 0; i < 50; i++) insertEvent(s.write, event(s, id12(i))); // warm up statements
      const samples: number[] = [];
      for (let i = 0; i < inserts; i++) {
        const e = event(s, id12(i)); // hashing outside the timed part: it is the caller's work
        samples.push(timeIt(() => insertEvent(s.write, e)));
      }
      insert[durability] = figures(samples);
      s.close();
    }

    const s = openStorage(path.join(root, 'million'), { durability: 'normal', retention: false });
    const start = Date.now() - 29 * 86_400_000;
    const loadMs = timeIt(() =>
      transaction(s.write, () => {
        for (let i = 0; i < events; i += 10_000) {
          const chunk: EventInput[] = [];
          for (let j = i; j < Math.min(events, i + 10_000); j++) chunk.push(event(s, id12(j % people), start + j));
          insertEvents(s.write, chunk);
        }
      }),
    );
    sqlCheckpoint(s.write);

    const hashes: IdHash[] = [];
    for (let i = 0; i < lookups; i++) hashes.push(s.idHash(id12(Math.floor(Math.random() * people))));
    const misses: IdHash[] = [];
    for (let i = 0; i < lookups; i++) misses.push(s.idHash(id12(people + 1 + i)));
    let rows = 0;
    for (let i = 0; i < 200; i++) findByIdHash(s.read, hashes[i % hashes.length] as IdHash); // warm up
    const hit = hashes.map((h) => timeIt(() => (rows += findByIdHash(s.read, h).length)));
    const miss = misses.map((h) => timeIt(() => findByIdHash(s.read, h)));

    const result: StorageBenchResult = {
      insert,
      bulkLoad: { events, seconds: Math.round(loadMs / 10) / 100, eventsPerSecond: Math.round(events / (loadMs / 1000)) },
      lookupHit: { ...figures(hit), among: events, rowsPerHit: Math.round((rows / hit.length) * 10) / 10 },
      lookupMiss: { ...figures(miss), among: events },
      dbBytes: sqlDatabaseBytes(s.read),
      fileBytes: fileBytes(s.dbPath),
    };
    s.close();
    return result;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
