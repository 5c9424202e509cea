/**
 * A fleet event: what one kiosk tells the managers and the central PostgreSQL about one thing that happened
 * at a counter. It is flat (one column a field, the same columns in the kiosk's SQLite outbox and in the
 * central table) and it holds nothing personal: no name, no ID number, not even its last four digits, no
 * photo, no insurance card code. A read keeps its verdict, the reason code that decided it, its timings and
 * where it happened; a workflow outcome (a hospital check-in, a bank check) keeps its outcome codes. The
 * operator is an operator id (`op_…`): a name is shown only on the kiosk that knows it, to a supervisor.
 *
 * Pure: the same module serves the kiosk (storage/fleet.ts), the central side (fleet/central) and the tests.
 */

/** What happened. Append kinds; never rename one (the central table keeps them for years). */
export const FLEET_KINDS = ['read', 'hospital.checkin', 'hospital.lookup', 'bank.check'] as const;
export type FleetKind = (typeof FLEET_KINDS)[number];

/** The alerts a manager must see at once: a chip that is not the genuine chip, or data that was altered. */
export const ALERTS = ['clone', 'tamper'] as const;
export type FleetAlert = (typeof ALERTS)[number];

/** A read's failure, grouped the way a manager asks about it. */
export const FAILURE_CATEGORIES = ['access', 'removed', 'tier', 'reader', 'other'] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/**
 * One event as recorded. `seq` is the kiosk's own sequence (1, 2, 3 … without gaps), `uuid` is unique
 * across the fleet; the central table's key is (kiosk, seq) and it refuses a second copy of either.
 */
export interface FleetEvent {
  uuid: string;
  seq: number;
  atMs: number;
  kind: FleetKind;
  workflow: string;
  counter: string;
  /** The reader's name as the kiosk shows it (masked of serial numbers). */
  reader: string;
  operator: string;
  /** 'verified' | 'not_verified' | 'error' for a read; '' for an outcome. */
  verdict: string;
  /** The code that decided it: an error code (ACCESS_DENIED, CARD_REMOVED …) or the first failed tier's code. */
  reason: string;
  /** FailureCategory for a read that did not verify, else ''. */
  category: string;
  /**
   * A workflow's outcome: hospital.checkin 'checked-in' | 'overridden'; hospital.lookup the insurance status;
   * bank.check 'confirmed' | 'refused'.
   */
  outcome: string;
  /** Hospital: the department code of the check-in. */
  department: string;
  /** Hospital: the insurance lookup's status at check-in (or of a later retry). */
  lookup: string;
  /** Bank: 'match' | 'no-match' | 'not-compared'; liveness 'pass' | 'fail' | ''. */
  face: string;
  liveness: string;
  /** 1 when a supervisor let it through. */
  override: number;
  /** FleetAlert or ''. */
  alert: string;
  documentType: string;
  /** Read time end to end, ms (0 for an outcome). */
  totalMs: number;
  apdus: number;
}

/** The columns, in one order, for both sides' SQL (snake case). */
export const FLEET_COLUMNS = [
  ['uuid', 'uuid'],
  ['seq', 'seq'],
  ['atMs', 'at_ms'],
  ['kind', 'kind'],
  ['workflow', 'workflow'],
  ['counter', 'counter'],
  ['reader', 'reader'],
  ['operator', 'operator'],
  ['verdict', 'verdict'],
  ['reason', 'reason'],
  ['category', 'category'],
  ['outcome', 'outcome'],
  ['department', 'department'],
  ['lookup', 'lookup'],
  ['face', 'face'],
  ['liveness', 'liveness'],
  ['override', 'override'],
  ['alert', 'alert'],
  ['documentType', 'document_type'],
  ['totalMs', 'total_ms'],
  ['apdus', 'apdus'],
] as const satisfies readonly (readonly [keyof FleetEvent, string])[];

const INT_FIELDS = new Set<keyof FleetEvent>(['seq', 'atMs', 'override', 'totalMs', 'apdus']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Codes, tokens and masked names: short, printable, and no run of 9 digits (that could be an ID number). */
const TEXT_RE = /^[^\u0000-\u001f]{0,100}$/u;

/** Refuses an event that is malformed or could carry personal data; returns it unchanged otherwise. */
export function checkFleetEvent(e: unknown): FleetEvent {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new TypeError('fleet event must be an object');
  const o = e as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FLEET_COLUMNS.some(([f]) => f === k)) throw new TypeError(`fleet event has an unknown field ${k.slice(0, 40)}`);
  for (const [f] of FLEET_COLUMNS) {
    const v = o[f];
    if (INT_FIELDS.has(f)) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`fleet event ${f} must be a non-negative integer`);
    } else if (typeof v !== 'string' || !TEXT_RE.test(v) || /\d{9,}/.test(v)) {
      if (!(f === 'uuid' && typeof v === 'string' && UUID_RE.test(v))) throw new TypeError(`fleet event ${f} must be short text without an ID-like number`);
    }
  }
  if (!UUID_RE.test(o.uuid as string)) throw new TypeError('fleet event uuid must be a lower-case UUID');
  if (!(FLEET_KINDS as readonly unknown[]).includes(o.kind)) throw new TypeError('fleet event kind is not known');
  if (o.alert !== '' && !(ALERTS as readonly unknown[]).includes(o.alert)) throw new TypeError('fleet event alert is not known');
  if ((o.seq as number) < 1) throw new TypeError('fleet event seq starts at 1');
  return o as unknown as FleetEvent;
}

/** An event's values in FLEET_COLUMNS order (for a prepared INSERT). */
export function fleetRow(e: FleetEvent): (string | number)[] {
  return FLEET_COLUMNS.map(([f]) => e[f]);
}

/** Upper edges (ms, exclusive) of the read-time histogram; the last bucket is everything slower. */
export const LATENCY_EDGES_MS = [250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 8000, 10_000, 15_000, 20_000, 30_000, 60_000] as const;

/** The histogram bucket of a read time: 0 … LATENCY_EDGES_MS.length. */
export function latencyBucket(ms: number): number {
  let i = 0;
  while (i < LATENCY_EDGES_MS.length && ms >= LATENCY_EDGES_MS[i]!) i++;
  return i;
}

/**
 * A percentile from histogram counts, interpolated linearly inside its bucket (the last bucket, which has no
 * upper edge, answers its lower edge). Null for no data. Within one bucket width of the exact value.
 */
export function histogramPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lo = i === 0 ? 0 : LATENCY_EDGES_MS[i - 1]!;
      const hi = i < LATENCY_EDGES_MS.length ? LATENCY_EDGES_MS[i]! : lo;
      return Math.round(lo + ((hi - lo) * Math.max(0, rank - seen)) / c);
    }
    seen += c;
  }
  return LATENCY_EDGES_MS[LATENCY_EDGES_MS.length - 1]!;
}

export const HOUR_MS = 3_600_000;

/**
 * The hourly rollups: each chart of the dashboard reads one narrow table ("facet") that counts events per
 * kiosk, hour and the few fields that chart groups by, so a 90-day view over a million events reads tens of
 * thousands of small rows, not a million events. An event adds one row (or one count) to each facet it
 * belongs to. Text keys are '' rather than NULL so that the key matches (NULLs are distinct in a unique key
 * on both engines). Counters: `n` always, plus the facet's sums, and `last_ms` where a facet keeps it.
 */
interface Facet {
  table: string;
  /** The event kinds it counts: 'read' or the outcomes. */
  reads: boolean;
  keys: readonly string[];
  /** INTEGER key columns (the others are TEXT). */
  intKeys: readonly string[];
  sums: readonly ('total_ms_sum' | 'apdus_sum')[];
  last: boolean;
  keysOf(e: FleetEvent): (string | number)[];
}

export const FACETS = {
  reads: {
    table: 'fleet_h_reads',
    reads: true,
    keys: ['workflow', 'verdict', 'reason', 'category', 'alert', 'lat_bucket'],
    intKeys: ['lat_bucket'],
    sums: ['total_ms_sum'],
    last: false,
    keysOf: (e) => [e.workflow, e.verdict, e.reason, e.category, e.alert, latencyBucket(e.totalMs)],
  },
  readers: {
    table: 'fleet_h_readers',
    reads: true,
    keys: ['counter', 'reader', 'verdict', 'category'],
    intKeys: [],
    sums: ['apdus_sum'],
    last: true,
    keysOf: (e) => [e.counter, e.reader, e.verdict, e.category],
  },
  hospital: {
    table: 'fleet_h_hospital',
    reads: false,
    keys: ['kind', 'department', 'lookup', 'override'],
    intKeys: ['override'],
    sums: [],
    last: false,
    keysOf: (e) => (e.kind === 'hospital.checkin' || e.kind === 'hospital.lookup' ? [e.kind, e.department, e.lookup, e.override] : []),
  },
  bank: {
    table: 'fleet_h_bank',
    reads: false,
    keys: ['outcome', 'face', 'liveness', 'override'],
    intKeys: ['override'],
    sums: [],
    last: false,
    keysOf: (e) => (e.kind === 'bank.check' ? [e.outcome, e.face, e.liveness, e.override] : []),
  },
  operators: {
    table: 'fleet_h_operators',
    reads: false,
    keys: ['operator', 'kind', 'override'],
    intKeys: ['override'],
    sums: [],
    last: false,
    keysOf: (e) => (e.operator === '' ? [] : [e.operator, e.kind, e.override]),
  },
} as const satisfies Record<string, Facet>;
export type FacetName = keyof typeof FACETS;
const FACET_LIST = Object.entries(FACETS) as [FacetName, Facet][];

export interface RollupRow {
  facet: FacetName;
  kiosk: string;
  hourMs: number;
  keys: (string | number)[];
  n: number;
  lastMs: number;
  totalMsSum: number;
  apdusSum: number;
}

/** The rollup of a batch of events (a kiosk's append is a batch of one): one row per facet and key. */
export function rollup(kiosk: string, events: readonly FleetEvent[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const e of events) {
    const hourMs = Math.floor(e.atMs / HOUR_MS) * HOUR_MS;
    for (const [name, f] of FACET_LIST) {
      if (f.reads !== (e.kind === 'read')) continue;
      const keys = f.keysOf(e);
      if (keys.length === 0) continue;
      const id = `${name}\u0000${hourMs}\u0000${keys.join('\u0000')}`;
      const r = rows.get(id);
      if (r) {
        r.n++;
        r.lastMs = Math.max(r.lastMs, e.atMs);
        r.totalMsSum += e.totalMs;
        r.apdusSum += e.apdus;
      } else rows.set(id, { facet: name, kiosk, hourMs, keys, n: 1, lastMs: e.atMs, totalMsSum: e.totalMs, apdusSum: e.apdus });
    }
  }
  return [...rows.values()];
}

function upsertSql(f: Facet): string {
  const cols = ['kiosk', 'hour_ms', ...f.keys, 'n', ...f.sums, ...(f.last ? ['last_ms'] : [])];
  const sets = [`n = ${f.table}.n + excluded.n`, ...f.sums.map((c) => `${c} = ${f.table}.${c} + excluded.${c}`)];
  if (f.last) sets.push(`last_ms = CASE WHEN excluded.last_ms > ${f.table}.last_ms THEN excluded.last_ms ELSE ${f.table}.last_ms END`);
  return `INSERT INTO ${f.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (hour_ms, kiosk, ${f.keys.join(', ')}) DO UPDATE SET ${sets.join(', ')}`;
}

/** Each facet's UPSERT, the same text for SQLite and PostgreSQL (`?` placeholders; the PostgreSQL driver numbers them). */
export const ROLLUP_UPSERT_SQL = Object.fromEntries(FACET_LIST.map(([n, f]) => [n, upsertSql(f)])) as Record<FacetName, string>;

/** The parameters of a rollup row for its facet's ROLLUP_UPSERT_SQL. */
export function rollupParams(r: RollupRow): (string | number)[] {
  const f: Facet = FACETS[r.facet];
  return [r.kiosk, r.hourMs, ...r.keys, r.n, ...f.sums.map((c) => (c === 'total_ms_sum' ? r.totalMsSum : r.apdusSum)), ...(f.last ? [r.lastMs] : [])];
}

/**
 * The facets' tables. `engine` 'sqlite' makes them WITHOUT ROWID tables clustered on their key (hour first:
 * a period is one range of the table); PostgreSQL keeps the same primary key. BIGINT is an INTEGER to SQLite.
 */
export function rollupDdl(engine: 'sqlite' | 'postgres'): string {
  return FACET_LIST.map(([, f]) => {
    const cols = [
      'kiosk TEXT NOT NULL',
      'hour_ms BIGINT NOT NULL',
      ...f.keys.map((k) => `${k} ${f.intKeys.includes(k) ? 'INTEGER' : 'TEXT'} NOT NULL`),
      'n BIGINT NOT NULL',
      ...f.sums.map((c) => `${c} BIGINT NOT NULL`),
      ...(f.last ? ['last_ms BIGINT NOT NULL'] : []),
      `PRIMARY KEY (hour_ms, kiosk, ${f.keys.join(', ')})`,
    ];
    return `CREATE TABLE IF NOT EXISTS ${f.table} (\n  ${cols.join(',\n  ')}\n)${engine === 'sqlite' ? ' WITHOUT ROWID' : ''};`;
  }).join('\n');
}

/** The event table's columns (both sides; the central table adds `kiosk`). */
export const EVENT_COLUMNS_DDL = FLEET_COLUMNS.map(([f, c]) =>
  f === 'uuid' ? `  ${c} TEXT NOT NULL` : INT_FIELDS.has(f) ? `  ${c} BIGINT NOT NULL` : `  ${c} TEXT NOT NULL`,
).join(',\n');

/** Reason codes that mean the chip is not the genuine chip (a clone). */
const CLONE_CODES = new Set(['CA_FAILED', 'AA_FAILED', 'PACE_CAM_FAILED']);
/** Reason codes that mean the data or its signature was altered or forged. */
const TAMPER_CODES = new Set(['SOD_SIGNATURE_INVALID', 'SOD_CONTENT_INVALID', 'DG_HASH_MISMATCH', 'DG_NOT_SIGNED', 'DS_SIGNATURE_INVALID', 'CHAIN_FAILED']);
/** Error codes of a read that ended early, by category. */
const ACCESS_ERRORS = new Set(['ACCESS_DENIED', 'KEY_INVALID', 'MRZ_INVALID', 'SECURITY_NOT_SATISFIED', 'WRONG_CARD']);
const REMOVED_ERRORS = new Set(['CARD_REMOVED', 'TRANSPORT_LOST', 'CANCELLED', 'NO_CARD', 'TIMEOUT']);
const READER_ERRORS = new Set(['NO_READER', 'READER_BUSY', 'PCSC_UNAVAILABLE']);

/** The tiers as a read records them: status and code each. */
export type TierCodes = Readonly<Record<string, { status: string; code: string }>>;

/**
 * What decides a read for the managers: the reason (the error code, or the first failed — else first not
 * performed — required tier's code), its category, and an alert when a tier's code says clone or tamper.
 */
export function readOutcome(r: { verdict: string; errorCode: string | null; tiers: TierCodes; requiredTiers: readonly string[] }): { reason: string; category: FailureCategory | ''; alert: FleetAlert | '' } {
  let alert: FleetAlert | '' = '';
  for (const t of Object.values(r.tiers)) {
    if (t.status !== 'fail') continue;
    if (CLONE_CODES.has(t.code)) alert = 'clone';
    else if (TAMPER_CODES.has(t.code) && alert === '') alert = 'tamper';
  }
  if (r.verdict === 'verified') return { reason: '', category: '', alert };
  if (r.errorCode) {
    const c = r.errorCode;
    const category: FailureCategory = ACCESS_ERRORS.has(c) ? 'access' : REMOVED_ERRORS.has(c) ? 'removed' : READER_ERRORS.has(c) ? 'reader' : 'other';
    return { reason: c, category, alert };
  }
  const required = r.requiredTiers.map((n) => [n, r.tiers[n]] as const).filter(([, t]) => t !== undefined);
  const failed = required.find(([, t]) => t!.status === 'fail') ?? required.find(([, t]) => t!.status !== 'pass');
  return { reason: failed ? failed[1]!.code : 'NOT_VERIFIED', category: 'tier', alert };
}

/** A facet's columns in ROLLUP_UPSERT_SQL order, with their PostgreSQL array types (for a batched unnest() upsert). */
export function facetColumns(name: FacetName): { cols: string[]; types: ('text' | 'bigint' | 'integer')[] } {
  const f: Facet = FACETS[name];
  const cols = ['kiosk', 'hour_ms', ...f.keys, 'n', ...f.sums, ...(f.last ? ['last_ms'] : [])];
  const types = cols.map((c) => (c === 'kiosk' ? 'text' : f.intKeys.includes(c) ? 'integer' : f.keys.includes(c) ? 'text' : 'bigint') as 'text' | 'bigint' | 'integer');
  return { cols, types };
}

/**
 * The number of events the rollups count, for checks (every event is in exactly one of the reads, hospital and
 * bank facets; readers and operators count some of the same events again).
 */
export const ROLLUP_TOTAL_SQL = `SELECT (SELECT COALESCE(SUM(n), 0) FROM ${FACETS.reads.table}) + (SELECT COALESCE(SUM(n), 0) FROM ${FACETS.hospital.table}) + (SELECT COALESCE(SUM(n), 0) FROM ${FACETS.bank.table}) AS n`;
