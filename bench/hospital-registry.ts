/**
 * Hospital registry benchmark: fills N synthetic patients with Vietnamese-looking names (one transaction,
 * the store's own prepared INSERT), then times 1000 random lookups by CCCD (getPatient) and 1000 random
 * name + date-of-birth searches (searchPatients, which also appends its audit entry) on the kiosk's default
 * durability (synchronous=FULL: the audit entry's commit is an fsync). The searches' SQL alone is timed too,
 * to show what the fsync costs. Returns figures; bench/hospital-registry-main.ts prints them. Every name,
 * date and number here is invented.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clockMs, openStorage, statement, transaction, type Durability } from '../electron/service/storage/index.js';
import { sqlCheckpoint, sqlDatabaseBytes } from '../electron/service/storage/sql.js';
import { HOSPITAL_MIGRATIONS } from '../electron/service/workflows/hospital/migrations/index.js';
import { foldName, getPatient, searchPatients } from '../electron/service/workflows/hospital/store/index.js';
import { sqlInsertPatient, sqlSearchByNameDob, sqlSearchByNameYear } from '../electron/service/workflows/hospital/store/sql.js';
import { isoUtc } from '../electron/service/storage/guard.js';

export interface RegistryBenchOptions {
  patients: number;
  /** Timed queries of each kind. Default 1000. */
  queries?: number;
  /** Default 'full' (the kiosk's). */
  durability?: Durability;
  /** Where the temp data dir goes. Default os.tmpdir(). */
  tmpRoot?: string;
  /** PRNG seed (same seed, same patients and queries). Default 1. */
  seed?: number;
  /** The writer's page cache during the fill, MiB (default 512). */
  loadCacheMiB?: number;
}

export interface RegistryBenchResult {
  lookupP50Ms: number;
  lookupP99Ms: number;
  searchP50Ms: number;
  searchP99Ms: number;
  insertPerSec: number;
  /** The search's SQL alone, without the audit entry's commit. */
  searchQueryP50Ms: number;
  searchQueryP99Ms: number;
  /** Mean hits per search (at most 20 each). */
  searchHitsMean: number;
  /** Checks that the figures are of working queries: lookups that found their patient, searches with a hit
   *  (every query is made from a stored patient, so both should equal the number of queries). */
  lookupsFound: number;
  searchesWithHits: number;
  patients: number;
  loadSeconds: number;
  dbBytes: number;
  durability: Durability;
}

// Family names with rough population shares (Nguyễn is about 38 %), so prefixes are as unselective as in life.
const FAMILY: readonly [string, number][] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4], ['Huỳnh', 3], ['Phan', 4.5], ['Vũ', 2.5], ['Võ', 2.5],
  ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.7], ['Trương', 0.8],
  ['Mai', 0.5], ['Cao', 0.4], ['Lâm', 0.4], ['Tạ', 0.3], ['Quách', 0.2], ['Châu', 0.2],
];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Xuân', 'Hoàng', 'Ngọc', 'Đình', 'Trung'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Bảo', 'Diệu', 'Hồng', 'Phương', 'Minh', 'Thùy'];
const GIVEN_M = ['An', 'Anh', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long', 'Lộc', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Vũ'];
const GIVEN_F = ['An', 'Anh', 'Châu', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Thư', 'Trang', 'Trâm', 'Uyên', 'Vy', 'Yến'];
const STREETS = ['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ', 'Phan Chu Trinh'];

/** mulberry32: small, seedable, good enough to pick names. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY_TOTAL = FAMILY.reduce((n, [, w]) => n + w, 0);

interface Person {
  cccd: string;
  fullName: string;
  dob: string;
  sex: 'M' | 'F';
}

function person(i: number, rand: () => number): Person {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let r = rand() * FAMILY_TOTAL;
  let family = FAMILY[0]![0];
  for (const [name, w] of FAMILY) {
    if ((r -= w) < 0) {
      family = name;
      break;
    }
  }
  const sex = rand() < 0.5 ? 'M' : 'F';
  const middle = pick(sex === 'M' ? MIDDLE_M : MIDDLE_F);
  const given = pick(sex === 'M' ? GIVEN_M : GIVEN_F);
  const fullName = rand() < 0.15 ? `${family} ${middle} ${pick(sex === 'M' ? GIVEN_M : GIVEN_F)} ${given}` : `${family} ${middle} ${given}`;
  const day = new Date(Date.UTC(1930, 0, 1) + Math.floor(rand() * 95 * 365.25) * 86_400_000).toISOString().slice(0, 10);
  // Province code (001–096) and a serial that makes each number unique.
  const cccd = `${String(1 + Math.floor(rand() * 96)).padStart(3, '0')}${String(i).padStart(9, '0')}`;
  return { cccd, fullName, dob: day, sex };
}

/** What a receptionist types: the full name, the family + middle name, or the given name alone; no marks. */
function typedName(p: Person, rand: () => number): string {
  const words = foldName(p.fullName).toLowerCase().split(' ');
  const r = rand();
  if (r < 0.4) return words.join(' ');
  if (r < 0.7) return words.slice(0, 2).join(' ');
  return words[words.length - 1]!;
}

function quantiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function benchRegistry(opts: RegistryBenchOptions): Promise<RegistryBenchResult> {
  const n = opts.patients;
  if (!Number.isInteger(n) || n < 1) throw new Error('patients must be a positive integer');
  const queries = opts.queries ?? 1000;
  const durability = opts.durability ?? 'full';
  const rand = prng(opts.seed ?? 1);
  const root = fs.mkdtempSync(path.join(opts.tmpRoot ?? os.tmpdir(), 'chipid-bench-registry-'));
  const s = openStorage(root, { durability, retention: false, checkpointIntervalMs: false, components: [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }] });
  try {
    // The bulk load touches index pages all over a ~500 MB file (name keys land in random places); with the
    // storage's 20 MB page cache most of its time went to evicting and re-reading pages (2,100 patients/s
    // at 1,000,000). A load-time cache on the writer only; the timed reads use the reader's usual cache.
    statement(s.write, `PRAGMA cache_size = -${Math.round((opts.loadCacheMiB ?? 512) * 1024)}`).run();
    const people: Person[] = new Array(n);
    const loadMs = timeIt(() =>
      transaction(s.write, () => {
        const nowMs = clockMs(s.write);
        const at = isoUtc(nowMs);
        for (let i = 0; i < n; i++) {
          const p = person(i, rand);
          people[i] = p;
          sqlInsertPatient(s.write, {
            cccd: p.cccd, cmnd: null, fullName: p.fullName, nameFolded: foldName(p.fullName), dob: p.dob, sex: p.sex,
            address: `Số ${1 + (i % 200)} ${STREETS[i % STREETS.length]}, Quận ${1 + (i % 12)}`, phone: null, insuranceCode: null,
            source: 'chip', createdAt: at, updatedAt: at, lastSeenMs: nowMs,
          });
        }
      }),
    );
    // A kiosk's database is checkpointed when idle (the storage's job): time reads on the main file, not a
    // WAL holding the whole load.
    sqlCheckpoint(s.write, 'TRUNCATE');
    statement(s.write, `PRAGMA cache_size = -20000`).run();
    await new Promise((r) => setImmediate(r));

    const lookups = Array.from({ length: queries }, () => people[Math.floor(rand() * n)]!.cccd);
    for (let i = 0; i < 100; i++) getPatient(s, lookups[i % lookups.length]!); // warm the statement and the cache a little
    let found = 0;
    const lookupMs = lookups.map((id) => timeIt(() => void (getPatient(s, id)?.cccd === id && found++)));

    const searches = Array.from({ length: queries }, () => {
      const p = people[Math.floor(rand() * n)]!;
      return { name: typedName(p, rand), dateOfBirth: rand() < 0.7 ? p.dob : p.dob.slice(0, 4) };
    });
    for (const q of searches.slice(0, 100)) searchPatients(s, q, 20, 'bench'); // warm-up, as for the lookups
    let hits = 0;
    let withHits = 0;
    const searchMs = searches.map((q) =>
      timeIt(() => {
        const n = searchPatients(s, q, 20, 'bench').length;
        hits += n;
        if (n > 0) withHits++;
      }),
    );
    const queryMs = searches.map((q) => {
      const folded = foldName(q.name);
      return timeIt(() => void (q.dateOfBirth.length === 4 ? sqlSearchByNameYear(s.read, { q: folded, limit: 20, year: q.dateOfBirth }) : sqlSearchByNameDob(s.read, { q: folded, limit: 20, dob: q.dateOfBirth })));
    });

    const l = quantiles(lookupMs);
    const q = quantiles(searchMs);
    const sql = quantiles(queryMs);
    return {
      lookupP50Ms: l.p50,
      lookupP99Ms: l.p99,
      searchP50Ms: q.p50,
      searchP99Ms: q.p99,
      insertPerSec: Math.round(n / (loadMs / 1000)),
      searchQueryP50Ms: sql.p50,
      searchQueryP99Ms: sql.p99,
      searchHitsMean: Math.round((hits / searches.length) * 10) / 10,
      lookupsFound: found,
      searchesWithHits: withHits,
      patients: n,
      loadSeconds: Math.round(loadMs / 10) / 100,
      dbBytes: sqlDatabaseBytes(s.read),
      durability,
    };
  } finally {
    s.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
