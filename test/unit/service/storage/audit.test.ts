// Audit log: hash chain, append-only triggers and tamper detection (edit, delete, swap, rewrite, truncate).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  appendAudit,
  auditHash,
  auditHead,
  insertEvent,
  listAudit,
  openStorage,
  verifyAuditChain,
} from '../../../../electron/service/storage/index.js';
import { rawDb, removeTempDirs, sampleEvent, tempDir } from '../fixtures/storage-helpers.js';

afterEach(removeTempDirs);

/** Builds a store with 20 audit entries and returns its directory and db path. */
function buildStore(): { dir: string; dbPath: string; total: number } {
  const dir = tempDir();
  const s = openStorage(dir, { retention: false });
  while (listAudit(s.read, { limit: 10_000 }).length < 20) insertEvent(s.write, sampleEvent());
  const total = listAudit(s.read, { limit: 10_000 }).length;
  expect(verifyAuditChain(s.read)).toEqual({ ok: true, entries: total });
  s.close();
  return { dir, dbPath: s.dbPath, total };
}

/** What an attacker with the file and sqlite3 would do: drop the append-only triggers, then edit. */
function tamper(dbPath: string, sql: string): void {
  const raw = rawDb(dbPath);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  raw.exec(sql);
  raw.close();
}

function verify(dir: string) {
  const s = openStorage(dir, { retention: false });
  try {
    return verifyAuditChain(s.read);
  } finally {
    s.close();
  }
}

describe('audit chain', () => {
  let store: ReturnType<typeof buildStore>;
  beforeEach(() => {
    store = buildStore();
  });

  it('links each entry to the previous one from the genesis hash', () => {
    const s = openStorage(store.dir, { retention: false });
    const entries = listAudit(s.read, { limit: 10_000 });
    expect(entries[0]?.seq).toBe(1);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]?.seq).toBe(i + 1);
      expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    }
    expect(auditHead(s.read)).toEqual({ seq: store.total, hash: entries[entries.length - 1]?.hash });
    s.close();
  });

  it('hashes a canonical encoding (details with sorted keys, exactly as stored)', () => {
    const s = openStorage(store.dir, { retention: false });
    const e = appendAudit(s.write, { actor: 'operator:t1', action: 'test.order', details: { b: 1, a: [true, null, 'x'] } });
    const raw = rawDb(s.dbPath, { readonly: true });
    const row = raw.prepare('SELECT details FROM audit_log WHERE seq = ?').get(e.seq) as { details: string };
    raw.close();
    expect(row.details).toBe('{"a":[true,null,"x"],"b":1}');
    expect(auditHash({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, details: row.details, prevHash: e.prevHash })).toBe(e.hash);
    expect(() => appendAudit(s.write, { actor: 'system', action: 'test.pii', details: { id: '001099012345' } })).toThrow();
    expect(verifyAuditChain(s.read).ok).toBe(true);
    s.close();
  });

  it('keeps the kiosk\u2019s own ids that hold nine digits in a row by chance, and still refuses a number inside other text', () => {
    // A signing key id (16 hex digits) holds such a run in about one key of twenty: every bank decision of that
    // kiosk ended in INTERNAL. A check or receipt id (16 base-36 characters) does in about one of 10,000.
    const s = openStorage(store.dir, { retention: false });
    for (const id of ['0123456789abcdef', 'kyc_01234567890abcde', 'rcp_x123456789012345', 'c_0123456789abcdef']) {
      expect(() => appendAudit(s.write, { actor: 'system', action: 'test.ids', details: { id } }), id).not.toThrow();
    }
    for (const id of ['001099012345', 'key 001099012345', '0010990123451234x', 'kyc_001099012345', 'abcdefgh_0010990123451234']) {
      expect(() => appendAudit(s.write, { actor: 'system', action: 'test.pii', details: { id } }), id).toThrow(/ID number/);
    }
    expect(verifyAuditChain(s.read).ok).toBe(true);
    s.close();
  });

  it('refuses UPDATE and DELETE while the triggers are in place', () => {
    const raw = rawDb(store.dbPath);
    expect(() => raw.exec(`UPDATE audit_log SET actor = 'x' WHERE seq = 3`)).toThrow(/append-only/);
    expect(() => raw.exec(`DELETE FROM audit_log WHERE seq = 3`)).toThrow(/append-only/);
    raw.close();
    expect(verify(store.dir).ok).toBe(true);
  });

  it('edited details → first broken seq is the edited entry', () => {
    tamper(store.dbPath, `UPDATE audit_log SET details = '{"eventId":999}' WHERE seq = 7`);
    expect(verify(store.dir)).toEqual({ ok: false, firstBrokenSeq: 7, reason: expect.stringMatching(/hash/) });
  });

  it('edited actor or time → that entry', () => {
    tamper(store.dbPath, `UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 12`);
    expect(verify(store.dir)).toMatchObject({ ok: false, firstBrokenSeq: 12 });
  });

  it('deleted entry → the missing seq', () => {
    tamper(store.dbPath, `DELETE FROM audit_log WHERE seq = 6`);
    expect(verify(store.dir)).toEqual({ ok: false, firstBrokenSeq: 6, reason: expect.stringMatching(/missing/) });
  });

  it('deleted first entry → seq 1', () => {
    tamper(store.dbPath, `DELETE FROM audit_log WHERE seq = 1`);
    expect(verify(store.dir)).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });

  it('deleted entry with the later entries renumbered → the first renumbered entry', () => {
    tamper(
      store.dbPath,
      `DELETE FROM audit_log WHERE seq = 9;
       UPDATE audit_log SET seq = -seq WHERE seq > 9;
       UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0;`,
    );
    expect(verify(store.dir)).toMatchObject({ ok: false, firstBrokenSeq: 9 });
  });

  it('two entries swapped (seq numbers exchanged) → the lower position', () => {
    tamper(
      store.dbPath,
      `UPDATE audit_log SET seq = -1 WHERE seq = 5;
       UPDATE audit_log SET seq = 5 WHERE seq = 14;
       UPDATE audit_log SET seq = 14 WHERE seq = -1;`,
    );
    expect(verify(store.dir)).toEqual({ ok: false, firstBrokenSeq: 5, reason: expect.stringMatching(/prevHash/) });
  });

  it('two adjacent entries swapped with their seq kept → the first of them', () => {
    tamper(
      store.dbPath,
      `CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (10, 11);
       UPDATE audit_log SET (at, actor, action, details, prev_hash, hash) =
         (SELECT at, actor, action, details, prev_hash, hash FROM t WHERE t.seq = 21 - audit_log.seq)
       WHERE seq IN (10, 11);`,
    );
    expect(verify(store.dir)).toMatchObject({ ok: false, firstBrokenSeq: 10 });
  });

  it('an edited entry whose own hash was recomputed → caught at the next link', () => {
    const raw = rawDb(store.dbPath, { readonly: true });
    const row = raw.prepare('SELECT seq, at, actor, action, prev_hash AS prevHash FROM audit_log WHERE seq = 8').get() as {
      seq: number;
      at: string;
      actor: string;
      action: string;
      prevHash: string;
    };
    raw.close();
    const details = '{"forged":true}';
    const hash = auditHash({ ...row, details });
    tamper(store.dbPath, `UPDATE audit_log SET details = '${details}', hash = '${hash}' WHERE seq = 8`);
    expect(verify(store.dir)).toMatchObject({ ok: false, firstBrokenSeq: 9, reason: expect.stringMatching(/prevHash/) });
  });

  it('a cut tail is invisible to the chain alone but caught against an anchored head', () => {
    const s1 = openStorage(store.dir, { retention: false });
    const anchor = auditHead(s1.read);
    s1.close();
    tamper(store.dbPath, `DELETE FROM audit_log WHERE seq >= ${store.total - 2}`);
    const s2 = openStorage(store.dir, { retention: false });
    expect(verifyAuditChain(s2.read)).toEqual({ ok: true, entries: store.total - 3 });
    expect(verifyAuditChain(s2.read, anchor)).toMatchObject({ ok: false, firstBrokenSeq: store.total - 2 });
    s2.close();
  });
});
