/**
 * A stand-in kiosk outbox for the fleet tests and benchmarks: a plain SQLite file (or memory) holding FleetEvents
 * by seq, the high-water mark and the sync status, implementing FleetSource as the kiosk's storage does. Events
 * are made deterministically from (kiosk, seq), so a test can tell what must be in the central table.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { EVENT_COLUMNS_DDL, FLEET_COLUMNS, HOUR_MS, fleetRow, rollup, rollupDdl, ROLLUP_UPSERT_SQL, rollupParams, type FacetName, type FleetEvent } from '../electron/fleet/events.js';
import type { FleetSource, FleetSyncRecord } from '../electron/fleet/sync.js';

/** A UUID (v4 layout) derived from the kiosk and seq: the same event always has the same uuid. */
export function eventUuid(kiosk: string, seq: number): string {
  const h = createHash('sha256').update(`${kiosk}/${seq}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const VERDICTS = ['verified', 'verified', 'verified', 'verified', 'verified', 'verified', 'not_verified', 'error'];
const REASONS = ['ACCESS_DENIED', 'CARD_REMOVED', 'NO_READER', 'SOD_SIGNATURE_INVALID'];
const CATEGORY: Record<string, string> = { ACCESS_DENIED: 'access', CARD_REMOVED: 'removed', NO_READER: 'reader', SOD_SIGNATURE_INVALID: 'tier' };

/** Event number `seq` of `kiosk`, spread over `spanMs` from `startMs` (a mix of reads, check-ins and bank checks). */
export function makeEvent(kiosk: string, seq: number, startMs: number, stepMs: number): FleetEvent {
  const h = createHash('sha256').update(`${kiosk}:${seq}`).digest();
  const pick = <T>(xs: readonly T[], i: number): T => xs[h[i]! % xs.length]!;
  const kindRoll = h[0]! % 10;
  const kind = kindRoll < 7 ? 'read' : kindRoll < 9 ? 'hospital.checkin' : 'bank.check';
  const atMs = startMs + seq * stepMs;
  // A counter keeps its reader; its operator changes with the shift (three a day), as at a real desk.
  const counter = h[1]! % 4;
  const shift = Math.floor(((atMs / HOUR_MS) % 24) / 8);
  const base: FleetEvent = {
    uuid: eventUuid(kiosk, seq),
    seq,
    atMs,
    kind,
    workflow: kind === 'bank.check' ? 'bank' : 'hospital',
    counter: `counter-${counter}`,
    reader: `ACS ACR39U ${counter}`,
    operator: `op_${(counter * 3 + shift).toString(16).padStart(8, '0')}`,
    verdict: '',
    reason: '',
    category: '',
    outcome: '',
    department: '',
    lookup: '',
    face: '',
    liveness: '',
    override: 0,
    alert: '',
    documentType: 'cccd',
    totalMs: 0,
    apdus: 0,
  };
  if (kind === 'read') {
    const verdict = pick(VERDICTS, 4);
    const reason = verdict === 'verified' ? '' : pick(REASONS, 5);
    return { ...base, verdict, reason, category: reason ? CATEGORY[reason]! : '', alert: h[6]! === 0 ? 'clone' : reason === 'SOD_SIGNATURE_INVALID' ? 'tamper' : '', totalMs: 600 + ((h[7]! << 8) | h[8]!) % 4000, apdus: 30 + (h[9]! % 40) };
  }
  if (kind === 'hospital.checkin') {
    return { ...base, outcome: h[10]! % 20 === 0 ? 'overridden' : 'checked-in', override: h[10]! % 20 === 0 ? 1 : 0, department: `K${h[11]! % 6}`, lookup: pick(['ok', 'ok', 'ok', 'not_found', 'timeout'], 12) };
  }
  const face = pick(['match', 'match', 'match', 'no-match', 'not-compared'], 13);
  return { ...base, outcome: face === 'match' ? 'confirmed' : 'refused', face, liveness: face === 'not-compared' ? '' : 'pass', override: h[14]! % 25 === 0 ? 1 : 0 };
}

const COLS = FLEET_COLUMNS.map(([, c]) => c);

export class SqliteFleetSource implements FleetSource {
  readonly db: Database.Database;
  readonly kioskId: string;
  readonly kioskName: string | null;
  readonly appVersion = '0.1.0-bench';
  readonly #after: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #upsert: Record<FacetName, Database.Statement>;
  readonly #meta: Database.Statement;
  readonly #setMeta: Database.Statement;

  constructor(file: string, kioskId: string, kioskName: string | null = null) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS fleet_outbox (\n${EVENT_COLUMNS_DDL},\n  PRIMARY KEY (seq)\n);\nCREATE INDEX IF NOT EXISTS fleet_outbox_alert ON fleet_outbox (at_ms) WHERE alert <> '';\n${rollupDdl('sqlite')}\nCREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);`);
    this.kioskId = kioskId;
    this.kioskName = kioskName;
    this.#after = this.db.prepare(`SELECT ${COLS.join(', ')} FROM fleet_outbox WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.#insert = this.db.prepare(`INSERT INTO fleet_outbox (${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`);
    this.#upsert = Object.fromEntries(Object.entries(ROLLUP_UPSERT_SQL).map(([k, sql]) => [k, this.db.prepare(sql)])) as Record<FacetName, Database.Statement>;
    this.#meta = this.db.prepare('SELECT v FROM meta WHERE k = ?');
    this.#setMeta = this.db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
  }

  /** Appends events seq lastSeq+1 … lastSeq+n (one transaction), with the kiosk's own rollup. */
  append(n: number, startMs: number = Date.UTC(2026, 8, 1), stepMs: number = 7_000): void {
    const from = this.lastSeq() + 1;
    const tx = this.db.transaction(() => {
      const evs: FleetEvent[] = [];
      for (let s = from; s < from + n; s++) {
        const e = makeEvent(this.kioskId, s, startMs, stepMs);
        this.#insert.run(fleetRow(e));
        evs.push(e);
        if (evs.length === 5000) this.#roll(evs.splice(0));
      }
      this.#roll(evs);
    });
    tx();
  }

  #roll(evs: FleetEvent[]): void {
    for (const r of rollup(this.kioskId, evs)) this.#upsert[r.facet].run(rollupParams(r));
  }

  after(afterSeq: number, limit: number): FleetEvent[] {
    return (this.#after.all(afterSeq, limit) as Record<string, unknown>[]).map((r) => {
      const e: Record<string, unknown> = {};
      for (const [f, c] of FLEET_COLUMNS) e[f] = r[c];
      return e as unknown as FleetEvent;
    });
  }
  hwm(): number {
    return Number((this.#meta.get('hwm') as { v: string } | undefined)?.v ?? 0);
  }
  setHwm(seq: number): void {
    this.#setMeta.run('hwm', String(seq));
  }
  lastSeq(): number {
    return Number((this.db.prepare('SELECT MAX(seq) AS m FROM fleet_outbox').get() as { m: number | null }).m ?? 0);
  }
  auditHead(): { seq: number; hash: string; at: string } | null {
    const seq = this.lastSeq();
    return seq === 0 ? null : { seq, hash: createHash('sha256').update(`audit/${this.kioskId}/${seq}`).digest('hex'), at: new Date(Date.UTC(2026, 8, 1) + seq * HOUR_MS).toISOString() };
  }
  saveStatus(s: FleetSyncRecord): void {
    this.#setMeta.run('status', JSON.stringify(s));
  }
  loadStatus(): FleetSyncRecord | null {
    const v = (this.#meta.get('status') as { v: string } | undefined)?.v;
    return v ? (JSON.parse(v) as FleetSyncRecord) : null;
  }
  close(): void {
    this.db.close();
  }
}
