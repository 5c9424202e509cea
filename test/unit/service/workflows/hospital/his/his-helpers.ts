// Shared by the HIS tests: synthetic (not real) patients and visits, the R4 validator, and an outbox store kept
// in a real SQLite file (better-sqlite3, a tiny table of our own) until the registry's store lands on main.
// The store's SQL only stands in for electron/service/workflows/hospital/store's outbox functions; the sender
// under test (his/outbox.ts) sees nothing but the OutboxStore interface.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { OutboxRow, OutboxStatus, OutboxStore } from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import type { Department, InsuranceResult, Patient, Visit } from '../../../../../../electron/service/workflows/hospital/types.js';

/** Made-up data: the CCCD and CMND numbers follow the formats but belong to no one. */
export function samplePatient(over: Partial<Patient> = {}): Patient {
  return {
    cccd: '001099000123',
    cmnd: '012345678',
    fullName: 'Nguyễn Văn Thử',
    dateOfBirth: '1990-05-17',
    sex: 'M',
    address: 'Số 1 Phố Thử, Phường Kiểm, Quận Mẫu, Hà Nội',
    phone: '0900 000 001',
    insuranceCode: 'DN4010099000123',
    source: 'chip',
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-03T08:00:00.000Z',
    ...over,
  };
}

export function sampleInsurance(over: Partial<InsuranceResult> = {}): InsuranceResult {
  return {
    status: 'insured',
    code: '000',
    note: 'Thẻ còn giá trị sử dụng!',
    cardCode: 'DN4010099000123',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    primaryFacility: '01001',
    history: [],
    historyCount: 0,
    checkedAt: '2026-12-03T08:01:00.000Z',
    ...over,
  };
}

export const DEPT: Department = { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true };
export const HOSPITAL = { name: 'Bệnh viện Thử nghiệm', code: '01001' };

export function sampleVisit(over: Partial<Visit> = {}): Visit {
  return {
    visitId: 'LK261203-7QF3KD',
    patientCccd: '001099000123',
    department: 'K01',
    queueNumber: 7,
    queueLabel: 'A007',
    day: '2026-12-03',
    operatorId: 'op_0000abcd',
    counter: 'Quầy 3',
    identitySource: 'chip',
    override: null,
    insurance: sampleInsurance(),
    createdAt: '2026-12-03T08:01:30.000Z',
    printed: 'yes',
    ...over,
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The i-th synthetic visit id of a day (valid against VISIT_ID_RE). */
export function visitIdOf(i: number): string {
  let s = '';
  for (let n = i, k = 0; k < 6; k++, n = Math.floor(n / 32)) s = CROCKFORD[n % 32] + s;
  return `LK261203-${s}`;
}

const made: string[] = [];
export function tempDir(prefix = 'chipid-his-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * An OutboxStore over a real SQLite file. WAL and synchronous=FULL: a statement has committed when it returns,
 * so a process killed after enqueue returned keeps the row. Several processes may open the same file.
 */
export function sqliteOutbox(file: string): OutboxStore & { close(): void; rows(): { key: string; deliveredAt: number | null; attempts: number }[] } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(`CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, visit_id TEXT NOT NULL, body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
    delivered_at INTEGER, last_error TEXT)`);
  const ins = db.prepare('INSERT OR IGNORE INTO outbox (key, visit_id, body, next_at, created_at) VALUES (?, ?, ?, 0, ?)');
  const due = db.prepare('SELECT id, key, visit_id AS visitId, body, attempts FROM outbox WHERE delivered_at IS NULL AND next_at <= ? ORDER BY id LIMIT ?');
  const done = db.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL');
  const fail = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL');
  const status = db.prepare(`SELECT sum(delivered_at IS NULL) AS pending, sum(delivered_at IS NOT NULL) AS delivered,
    min(CASE WHEN delivered_at IS NULL THEN created_at END) AS oldest FROM outbox`);
  return {
    enqueueOutbox: (key, visitId, body) => ins.run(key, visitId, body, Date.now()).changes === 1,
    dueOutbox: (nowMs, limit) => due.all(nowMs, limit) as OutboxRow[],
    outboxDelivered: (id, nowMs) => void done.run(nowMs, id),
    outboxFailed: (id, nextAtMs, code) => void fail.run(nextAtMs, code, id),
    outboxStatus: (): OutboxStatus => {
      const r = status.get() as { pending: number | null; delivered: number | null; oldest: number | null };
      return { pending: r.pending ?? 0, delivered: r.delivered ?? 0, oldestPendingMs: r.oldest };
    },
    rows: () => db.prepare('SELECT key, delivered_at AS deliveredAt, attempts FROM outbox ORDER BY id').all() as { key: string; deliveredAt: number | null; attempts: number }[],
    close: () => db.close(),
  };
}
