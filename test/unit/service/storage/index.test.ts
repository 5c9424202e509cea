// Storage: opening, pragmas, migrations, key file, events, settings, handle typing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DB_FILE,
  MIGRATIONS,
  SCHEMA_VERSION,
  connectionPragmas,
  findByIdHash,
  getSetting,
  getSettings,
  idHash,
  insertEvent,
  insertEvents,
  listAudit,
  listEvents,
  openStorage,
  planFindByIdHash,
  schemaVersion,
  setSetting,
  verifyAuditChain,
  type ReadableDb,
  type WritableDb,
} from '../../../../electron/service/storage/index.js';
import { ChipIdError } from '../../../../electron/emrtd/errors.js';
import { StorageError } from '../../../../electron/service/storage/errors.js';
import { openSecrets } from '../../../../electron/service/secrets.js';
import { rawDb, removeTempDirs, sampleEvent, tempDir } from '../fixtures/storage-helpers.js';

afterEach(removeTempDirs);

const ID_A = '001099012345';
const ID_B = '079203000111';

function open(dir = tempDir(), now?: () => number) {
  return openStorage(dir, { retention: false, ...(now ? { now } : {}) });
}

describe('openStorage', () => {
  it('sets WAL, synchronous (FULL by default, NORMAL on request), foreign keys, busy timeout, secure delete', () => {
    for (const durability of ['full', 'normal'] as const) {
      const s = openStorage(tempDir(), { retention: false, durability, busyTimeoutMs: 4321 });
      expect(s.durability).toBe(durability);
      expect(connectionPragmas(s.write)).toEqual({
        journalMode: 'wal',
        synchronous: durability === 'full' ? 2 : 1,
        foreignKeys: 1,
        busyTimeoutMs: 4321,
        secureDelete: 1,
      });
      expect(connectionPragmas(s.read)).toMatchObject({ journalMode: 'wal', busyTimeoutMs: 4321 });
      s.close();
    }
  });

  it('creates the data dir (0700) and a 0600 database file; no key of any kind in the data folder', () => {
    const dir = path.join(tempDir(), 'nested', 'home');
    const s = open(dir);
    s.close();
    if (process.platform !== 'win32') {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dir, DB_FILE)).mode & 0o077).toBe(0);
    }
    const secrets = openSecrets({ dataDir: dir });
    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.length, f).not.toBe(32);
      for (const k of [secrets.dbKey, secrets.idHashKey]) {
        expect(bytes.includes(Buffer.from(k)), f).toBe(false);
        expect(bytes.includes(Buffer.from(Buffer.from(k).toString('hex'))), f).toBe(false);
      }
    }
  });

  it('keeps the same ID hash across reopen (the key is the key folder\'s, not the data folder\'s)', () => {
    const dir = tempDir();
    const s1 = open(dir);
    const h1 = s1.idHash(ID_A);
    s1.close();
    const s2 = open(dir);
    expect(s2.idHash(ID_A)).toBe(h1);
    s2.close();
  });

  it('refuses a database from a newer schema version with a clear error', () => {
    const dir = tempDir();
    open(dir).close();
    const raw = rawDb(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    let err: unknown;
    try {
      open(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('STORAGE_NEWER_VERSION');
    expect((err as StorageError).message).toContain(`${SCHEMA_VERSION + 1}`);
    expect((err as StorageError).messageEn).toMatch(/newer version/);
  });

  it('applies migrations in order, one transaction each, and rolls back a failing one', () => {
    const dir = tempDir();
    const first = MIGRATIONS.slice(0, 1);
    const s1 = openStorage(dir, { retention: false, migrations: first });
    expect(schemaVersion(s1.read)).toBe(1);
    s1.close();
    const broken = [...first, { version: 2, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM nowhere;' }];
    expect(() => openStorage(dir, { retention: false, migrations: broken })).toThrow();
    const raw = rawDb(path.join(dir, DB_FILE));
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    raw.close();
    const s2 = open(dir); // the real migration 2 now applies
    expect(schemaVersion(s2.read)).toBe(SCHEMA_VERSION);
    const migrated = listAudit(s2.read).filter((e) => e.action === 'schema.migrated').map((e) => e.details);
    expect(migrated).toEqual([{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }, { from: 3, to: 4 }, { from: 4, to: 5 }, { from: 5, to: 6 }]);
    s2.close();
  });
});

describe('handles', () => {
  it('the read handle cannot write, even when forced past the types', () => {
    const s = open();
    expect(() => insertEvent(s.read as unknown as WritableDb, sampleEvent())).toThrow(/readonly|read-only/i);
    // @ts-expect-error a ReadableDb is not a WritableDb
    const _typed: WritableDb = s.read;
    const _fine: ReadableDb = s.write; // a writer may read
    expect(_fine).toBe(s.write);
    s.close();
  });

  it('rejects handles after close', () => {
    const s = open();
    s.close();
    expect(() => listEvents(s.read)).toThrow(/closed/);
    s.close(); // idempotent
  });
});

describe('events', () => {
  it('inserts, lists newest first and filters by time and verdict', () => {
    const t0 = Date.UTC(2026, 0, 15, 8, 0, 0);
    const s = open();
    const ids = [0, 1, 2, 3].map((i) =>
      insertEvent(s.write, sampleEvent({ atMs: t0 + i * 60_000 }, i === 2 ? 'not_verified' : 'verified')),
    );
    const all = listEvents(s.read);
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    expect(all[3]?.atIso).toBe('2026-01-15T08:00:00.000Z');
    expect(all[3]?.tiers.issuerTrusted).toEqual({ status: 'pass', code: 'ISSUER_TRUSTED' });
    expect(all[3]?.tiers.chipGenuine).toEqual({ status: 'pass', code: 'CHIP_GENUINE', params: { via: ['CA'] } });
    expect(all[3]?.timings.dg2).toBe(2100);
    expect(listEvents(s.read, { since: t0 + 60_000, until: t0 + 180_000 }).map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(listEvents(s.read, { verdict: 'not_verified' }).map((e) => e.id)).toEqual([ids[2]]);
    expect(listEvents(s.read, { limit: 1 }).map((e) => e.id)).toEqual([ids[3]]);
    s.close();
  });

  it('audits every insert in the same transaction, without personal data', () => {
    const s = open();
    const id = insertEvent(s.write, sampleEvent({ ...s.idRef(ID_A) }));
    const entry = listAudit(s.read).find((e) => e.action === 'event.recorded');
    expect(entry?.details).toMatchObject({ eventId: id, verdict: 'verified', purpose: 'hospital-checkin' });
    expect(JSON.stringify(entry)).not.toContain('2345');
    expect(verifyAuditChain(s.read)).toEqual({ ok: true, entries: listAudit(s.read).length });
    s.close();
  });

  it('a failed audit append rolls the event back (same transaction)', () => {
    const s = open();
    const before = listAudit(s.read).length;
    const raw = rawDb(s.dbPath);
    raw.exec(`CREATE TRIGGER boom BEFORE INSERT ON audit_log WHEN NEW.action = 'event.recorded'
              BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    raw.close();
    expect(() => insertEvent(s.write, sampleEvent())).toThrow(/boom/);
    expect(listEvents(s.read)).toHaveLength(0);
    expect(listAudit(s.read)).toHaveLength(before);
    s.close();
  });

  it('insertEvents is all-or-nothing and audits each event', () => {
    const s = open();
    const before = listAudit(s.read).length;
    expect(() => insertEvents(s.write, [sampleEvent(), sampleEvent({ readerName: `x ${ID_A}` })])).toThrow(ChipIdError);
    expect(listEvents(s.read)).toHaveLength(0);
    const ids = insertEvents(s.write, [sampleEvent({ atMs: 1 }), sampleEvent({ atMs: 2 }), sampleEvent({ atMs: 3 })]);
    expect(listEvents(s.read).map((e) => e.id)).toEqual([...ids].reverse());
    const recorded = listAudit(s.read).slice(before).map((e) => e.details.eventId);
    expect(recorded).toEqual(ids);
    expect(verifyAuditChain(s.read).ok).toBe(true);
    s.close();
  });

  it('finds earlier events by keyed hash through the index', () => {
    const s = open();
    const a1 = insertEvent(s.write, sampleEvent({ ...s.idRef(ID_A), atMs: 1_000 }));
    insertEvent(s.write, sampleEvent({ ...s.idRef(ID_B), atMs: 2_000 }));
    const a2 = insertEvent(s.write, sampleEvent({ ...s.idRef(ID_A), atMs: 3_000 }));
    const found = findByIdHash(s.read, s.idHash(ID_A));
    expect(found.map((e) => e.id)).toEqual([a2, a1]);
    expect(found[0]?.idLast4).toBe('2345');
    expect(found[0]?.idHash).toBe(s.idHash(ID_A));
    expect(findByIdHash(s.read, s.idHash('001099099999'))).toEqual([]);
    expect(planFindByIdHash(s.read).join(' ')).toMatch(/USING (COVERING )?INDEX events_by_id_hash/);
    s.close();
  });

  it('idHash is HMAC-SHA256 under the id-hash key (checked against @noble/hashes)', () => {
    const key = new Uint8Array(32).fill(7);
    const expected = Buffer.from(hmac(sha256, key, new TextEncoder().encode(ID_A))).toString('hex');
    expect(idHash(key, ID_A)).toBe(expected);
    expect(idHash(new Uint8Array(32).fill(8), ID_A)).not.toBe(expected);
    const d1 = tempDir();
    const d2 = tempDir();
    const s1 = openStorage(d1, { retention: false, secrets: openSecrets({ dataDir: d1, env: { CHIPID_KEY_DIR: tempDir('chipid-keys-') } }) });
    const s2 = openStorage(d2, { retention: false, secrets: openSecrets({ dataDir: d2, env: { CHIPID_KEY_DIR: tempDir('chipid-keys-') } }) });
    expect(s1.idHash(ID_A)).not.toBe(s2.idHash(ID_A)); // a different installation, a different key
    s1.close();
    s2.close();
    expect(() => idHash(key, '12345')).toThrow();
    expect(() => idHash(new Uint8Array(16), ID_A)).toThrow();
  });

  it.each([
    ['a free-text reason instead of a code', { tiers: { ...sampleEvent().tiers, chipGenuine: { status: 'fail', reason: `AA failed for ${ID_A}` } } }],
    ['an unknown reason code', { tiers: { ...sampleEvent().tiers, chipGenuine: { status: 'fail', code: 'AA_FAILED_FOR_X' } } }],
    ['a code of another tier', { tiers: { ...sampleEvent().tiers, chipGenuine: { status: 'fail', code: 'EXPIRED' } } }],
    ['a pass code recorded as a fail', { tiers: { ...sampleEvent().tiers, documentValid: { status: 'fail', code: 'VALID_UNTIL' } } }],
    ['a full ID as reader name', { readerName: `reader ${ID_A}` }],
    ['an old 9-digit CMND in the document type', { documentType: 'CMND 012345678' }],
    ['more than 4 digits kept', { idLast4: '012345' }],
    ['a raw number as hash', { idHash: ID_A }],
    ['a bad verdict', { verdict: 'ok' }],
    ['a missing tier', { tiers: { chipDataIntact: { status: 'pass', code: 'SOD_VALID' } } }],
    ['an unknown tier (e.g. a name field)', { tiers: { ...sampleEvent().tiers, fullName: { status: 'pass', code: 'SOD_VALID' } } }],
    ['a negative timing', { timings: { dg2: -1 } }],
  ])('refuses %s', (_name, over) => {
    const s = open();
    expect(() => insertEvent(s.write, { ...sampleEvent(), ...(over as object) } as never)).toThrow(ChipIdError);
    expect(listEvents(s.read)).toHaveLength(0);
    s.close();
  });
});

describe('personal parameters', () => {
  it('a date or certificate name given with a code is never stored (only DG numbers and which checks passed)', () => {
    const s = open();
    const tiers = {
      ...sampleEvent().tiers,
      documentValid: { status: 'fail' as const, code: 'EXPIRED' as const, params: { date: '2024-03-15' } as never, also: [{ code: 'DG13_NAME_MISMATCH' as const }] },
      chipDataIntact: { status: 'fail' as const, code: 'DG_HASH_MISMATCH' as const, params: { dg: 13 }, also: [{ code: 'DG_NOT_SIGNED' as const, params: { dg: 11 } }] },
    };
    insertEvent(s.write, sampleEvent({ tiers }, 'not_verified'));
    const [e] = listEvents(s.read);
    expect(e?.tiers.documentValid).toEqual({ status: 'fail', code: 'EXPIRED', also: [{ code: 'DG13_NAME_MISMATCH' }] });
    expect(e?.tiers.chipDataIntact).toEqual({ status: 'fail', code: 'DG_HASH_MISMATCH', params: { dg: 13 }, also: [{ code: 'DG_NOT_SIGNED', params: { dg: 11 } }] });
    expect(JSON.stringify(e)).not.toContain('2024-03-15');
    s.close();
  });
});

describe('settings', () => {
  it('returns typed defaults and audits each change with old and new value', () => {
    const s = open();
    expect(getSettings(s.read)).toEqual({
      retentionDays: 30,
      counterId: 'counter-1',
      defaultPurpose: 'kiosk',
      onlineVerification: false,
      keepIdLast4: true,
    });
    expect(setSetting(s.write, 'retentionDays', 90, { actor: 'operator:admin' })).toBe(true);
    expect(setSetting(s.write, 'retentionDays', 90)).toBe(false);
    expect(getSetting(s.read, 'retentionDays')).toBe(90);
    const changes = listAudit(s.read).filter((e) => e.action === 'setting.changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ actor: 'operator:admin', details: { key: 'retentionDays', from: 30, to: 90 } });
    expect(() => setSetting(s.write, 'retentionDays', 0)).toThrow();
    expect(() => setSetting(s.write, 'counterId', 'counter 1')).toThrow();
    expect(() => setSetting(s.write, 'nope' as 'counterId', 'x')).toThrow();
    s.close();
  });
});

