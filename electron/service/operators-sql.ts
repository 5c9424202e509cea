/**
 * The SQL of the operators table (migration 005), through the storage's cached statements: operators.ts
 * validates, hashes and audits; only this file talks to SQLite about operators.
 */
import { statement, type ReadableDb, type WritableDb } from './storage/index.js';

export interface OperatorRow {
  id: string;
  name: string;
  cccd: string;
  role: string;
  pinHash: string;
  active: number;
  createdAt: string;
  updatedAt: string;
  wrongPinTimes: string;
}

const COLUMNS = `id, name, cccd, role, pin_hash AS pinHash, active, created_at AS createdAt, updated_at AS updatedAt,
  wrong_pin_times AS wrongPinTimes`;

export function sqlGetOperator(r: ReadableDb, id: string): OperatorRow | undefined {
  return statement(r, `SELECT ${COLUMNS} FROM operators WHERE id = ?`).get(id) as OperatorRow | undefined;
}

export function sqlOperatorIdOfCccd(r: ReadableDb, cccd: string): string | undefined {
  const row = statement(r, `SELECT id FROM operators WHERE cccd = ?`).get(cccd) as { id: string } | undefined;
  return row?.id;
}

export function sqlListOperators(r: ReadableDb): OperatorRow[] {
  return statement(r, `SELECT ${COLUMNS} FROM operators ORDER BY created_at, rowid`).all() as OperatorRow[];
}

export function sqlInsertOperator(w: WritableDb, row: OperatorRow): void {
  statement(
    w,
    `INSERT INTO operators (id, name, cccd, role, pin_hash, active, created_at, updated_at, wrong_pin_times)
     VALUES (@id, @name, @cccd, @role, @pinHash, @active, @createdAt, @updatedAt, @wrongPinTimes)`,
  ).run(row);
}

/** Sets the given columns of one operator (and updated_at); returns whether the operator exists. */
export function sqlUpdateOperator(
  w: WritableDb,
  id: string,
  at: string,
  set: { pinHash?: string; active?: number; role?: string; wrongPinTimes?: string },
): boolean {
  const cols: string[] = [];
  if (set.pinHash !== undefined) cols.push('pin_hash = @pinHash');
  if (set.active !== undefined) cols.push('active = @active');
  if (set.role !== undefined) cols.push('role = @role');
  if (set.wrongPinTimes !== undefined) cols.push('wrong_pin_times = @wrongPinTimes');
  // The failure count is bookkeeping, not a change of the operator: it leaves updated_at alone.
  if (set.pinHash !== undefined || set.active !== undefined || set.role !== undefined) cols.push('updated_at = @at');
  if (cols.length === 0) return sqlGetOperator(w, id) !== undefined;
  const params = { id, at, pinHash: null, active: null, role: null, wrongPinTimes: null, ...set };
  return statement(w, `UPDATE operators SET ${cols.join(', ')} WHERE id = @id`).run(params).changes > 0;
}
