// Personal data at rest (issue 10, point 5): coded reasons, no personal values, no key in the data folder,
// the database encrypted (an old plaintext one encrypted on first open), the real client and purpose per
// event, the data folder tightened to 0700/0600.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskService } from '../../../../electron/service/kiosk.js';
import { dispatch } from '../../../../electron/service/api/core.js';
import { openSecrets } from '../../../../electron/service/secrets.js';
import { countEvents, getSetting, listAudit, listEvents, openStorage, verifyAuditChain } from '../../../../electron/service/storage/index.js';
import { PERSON_A, PERSON_B } from '../../../../electron/vcard/person.js';
import { StorageError } from '../../../../electron/service/storage/errors.js';
import { attackDataFolder } from '../fixtures/id-attack.js';
import { LEGACY_KEY_FILE, makeLegacyStore } from '../fixtures/legacy-store.js';
import { removeTempDirs, tempDir } from '../fixtures/storage-helpers.js';
import { demoCards } from '../../../helpers/demo-cards.js';

afterEach(removeTempDirs);

const POSIX = process.platform !== 'win32';
const keyEnv = () => ({ CHIPID_KEY_DIR: tempDir('chipid-keys-') });

async function readThroughApi(home: string, env: NodeJS.ProcessEnv, principal: Parameters<typeof dispatch>[1] | undefined) {
  const svc = await createKioskService({ dataDir: home, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0, env });
  try {
    const done = new Promise<void>((resolve) => svc.subscribe((e) => ((e.type === 'session' && (e.session.state === 'result' || e.session.state === 'error')) || e.type === 'error') && resolve()));
    await svc.demoCard('virtual:0', 'insert', 'cccd-2021');
    if (principal) {
      const r = await dispatch(svc, principal, { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: PERSON_A.idNumber } }, new Map());
      expect(r.ok).toBe(true);
    } else await svc.startRead('virtual:0', { id: PERSON_A.idNumber });
    await done;
    return listEvents(svc.storage.read);
  } finally {
    await svc.close();
  }
}

describe('what an event keeps', () => {
  it('status and reason code per tier, no reason text, no date (the expiry is the birthday)', async () => {
    const [e] = await readThroughApi(tempDir(), keyEnv(), undefined);
    expect(e).toBeDefined();
    expect(e!.tiers.documentValid).toEqual({ status: 'pass', code: 'VALID_UNTIL', params: { agreed: ['DG1', 'DG13', 'entered'] } });
    expect(e!.tiers.chipDataIntact).toEqual({ status: 'pass', code: 'SOD_VALID' });
    expect(e!.tiers.chipGenuine).toMatchObject({ status: 'pass', code: 'CHIP_GENUINE' });
    const stored = JSON.stringify(e);
    expect(stored).not.toMatch(/reason/);
    expect(stored).not.toMatch(/\d{4}-\d{2}-\d{2}(?!T)/); // no date other than the event's own timestamp
    expect(stored).not.toContain(PERSON_A.dateOfExpiry!);
  });

  it('records the real client and purpose: a paired HIS, the kiosk UI over the API, a direct (IPC) read', async () => {
    const his = await readThroughApi(tempDir(), keyEnv(), { clientId: 'c-7f3a', name: 'HIS', purpose: 'hospital', ui: false });
    expect(his[0]).toMatchObject({ clientId: 'c-7f3a', purpose: 'hospital' });
    const ui = await readThroughApi(tempDir(), keyEnv(), { clientId: 'ui', name: 'kiosk UI', purpose: 'kiosk', ui: true });
    expect(ui[0]).toMatchObject({ clientId: 'kiosk-ui', purpose: 'kiosk' });
    const ipc = await readThroughApi(tempDir(), keyEnv(), undefined);
    expect(ipc[0]).toMatchObject({ clientId: 'kiosk-ui', purpose: 'kiosk' });
  });

  it('records a paired client whose random id holds nine digits in a row (one pairing in ~20 makes one)', async () => {
    // Such ids were refused by the ID guard, and every read of that client ended in STORAGE_ERROR.
    const clientId = 'c_0123456789abcdef';
    const events = await readThroughApi(tempDir(), keyEnv(), { clientId, name: 'HIS', purpose: 'hospital', ui: false });
    expect(events[0]).toMatchObject({ clientId, purpose: 'hospital', verdict: 'verified' });
  });
});

describe('the data folder alone gives no ID number back', () => {
  it('the brute force of issue 10 recovers the ID from an old folder, and nothing after the first open', () => {
    const dir = tempDir();
    const legacy = makeLegacyStore(dir, [PERSON_A.idNumber]);
    // The attack works on what the old app left behind (this is what the issue measured) …
    const before = attackDataFolder(dir);
    expect(before.recovered).toContain(PERSON_A.idNumber);

    const env = keyEnv();
    const s = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) });
    expect(countEvents(s.read)).toBe(legacy.events);
    s.close();
    // … and on the migrated folder it finds no key, no readable database and so no number.
    const after = attackDataFolder(dir);
    expect(after).toEqual({ recovered: [], candidateKeys: 0, readableDatabases: 0, eventsRead: 0 });
    expect(fs.existsSync(path.join(dir, LEGACY_KEY_FILE))).toBe(false);
    for (const f of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.includes(Buffer.from('SQLite format 3\0')), f).toBe(false);
      expect(bytes.includes(Buffer.from('2039-03-15')), f).toBe(false);
    }
  });

  it('migration keeps every event, audit entry and setting; drops the old keyed hashes and reasons (audited)', () => {
    const dir = tempDir();
    const legacy = makeLegacyStore(dir, [PERSON_A.idNumber, PERSON_B.idNumber, PERSON_A.idNumber]);
    const secrets = openSecrets({ dataDir: dir, env: keyEnv() });
    const s = openStorage(dir, { retention: false, secrets });
    try {
      const events = listEvents(s.read);
      expect(events).toHaveLength(legacy.events);
      for (const e of events) {
        expect(e.idHash).toBeNull();
        expect(e.idLast4).toMatch(/^\d{4}$/);
        expect(e.clientId).toBeNull(); // not known for reads made before this version
        for (const t of Object.values(e.tiers)) expect(t.code).toMatch(/^LEGACY_(PASS|FAIL|NOT_PERFORMED)$/);
      }
      expect(events.map((e) => e.tiers.documentValid.code).sort()).toEqual(['LEGACY_FAIL', 'LEGACY_PASS', 'LEGACY_PASS']);
      const audit = listAudit(s.read);
      expect(audit.slice(0, legacy.audit).map((a) => a.action)).toEqual(['schema.migrated', 'installation_key.created', 'setting.changed']);
      const actions = audit.map((a) => a.action);
      expect(actions).toContain('storage.encrypted');
      expect(actions).toContain('installation_key.retired');
      expect(audit.find((a) => a.action === 'storage.encrypted')!.details).toMatchObject({ events: legacy.events, auditEntries: legacy.audit });
      expect(audit.find((a) => a.action === 'installation_key.retired')!.details).toMatchObject({ idHashesDropped: 3 });
      expect(verifyAuditChain(s.read)).toEqual({ ok: true, entries: audit.length });
      expect(getSetting(s.read, 'retentionDays')).toBe(30);
      // new events hash under the new key (outside the data folder)
      expect(s.idHash(PERSON_A.idNumber)).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      s.close();
    }
  });

  it('a crash mid-encryption loses nothing: a half-written copy is discarded and the encryption redone', () => {
    const dir = tempDir();
    const legacy = makeLegacyStore(dir, [PERSON_A.idNumber]);
    fs.writeFileSync(path.join(dir, 'chipid.sqlite.encrypting'), Buffer.from('half a file'));
    const s = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env: keyEnv() }) });
    expect(countEvents(s.read)).toBe(legacy.events);
    s.close();
    expect(fs.readdirSync(dir).filter((f) => f.includes('encrypting'))).toEqual([]);
  });

  it('one process encrypts at a time: a live holder of the lock is waited for, a dead one\'s lock taken over', () => {
    const dir = tempDir();
    const legacy = makeLegacyStore(dir, [PERSON_A.idNumber]);
    const lock = path.join(dir, 'chipid.sqlite.encrypting.lock');
    const env = keyEnv();
    fs.writeFileSync(lock, String(process.ppid)); // our parent is alive
    expect(() => openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) })).toThrow(/another process is encrypting/);
    expect(fs.readFileSync(path.join(dir, 'chipid.sqlite')).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its pid is free
    fs.writeFileSync(lock, String(dead));
    const s = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) });
    expect(countEvents(s.read)).toBe(legacy.events);
    s.close();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a leftover installation.key after a crash past the rename is still removed (audited)', () => {
    const dir = tempDir();
    makeLegacyStore(dir, [PERSON_A.idNumber]);
    const env = keyEnv();
    openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) }).close();
    fs.writeFileSync(path.join(dir, LEGACY_KEY_FILE), Buffer.alloc(32, 7), { mode: 0o600 });
    const s = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) });
    expect(fs.existsSync(path.join(dir, LEGACY_KEY_FILE))).toBe(false);
    expect(listAudit(s.read).filter((a) => a.action === 'installation_key.retired')).toHaveLength(2);
    s.close();
  });
});

describe('encryption at rest', () => {
  it('a new database is SQLCipher-encrypted: no SQLite header, plain SQLite cannot read it', () => {
    const dir = tempDir();
    openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env: keyEnv() }) }).close();
    const bytes = fs.readFileSync(path.join(dir, 'chipid.sqlite'));
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const db = new Database(path.join(dir, 'chipid.sqlite'), { readonly: true });
    expect(() => db.prepare('SELECT count(*) FROM events').get()).toThrow(/not a database/);
    db.close();
  });

  it('a wrong key is refused with STORAGE_KEY_WRONG, in Vietnamese and English, saying what to do', () => {
    const dir = tempDir();
    openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env: keyEnv() }) }).close();
    let err: unknown;
    try {
      openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env: keyEnv() }) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    const ce = err as StorageError;
    expect(ce.code).toBe('STORAGE_KEY_WRONG');
    expect(ce.messageEn).toMatch(/master\.key/);
    expect(ce.messageVi).toMatch(/master\.key/);
    // the database is untouched: the right key still opens it
    expect(fs.readdirSync(dir).filter((f) => f.includes('encrypting'))).toEqual([]);
  });
});

describe('permissions', () => {
  it.skipIf(!POSIX)('an existing data folder is tightened to 0700 and its files to 0600 on start (audited)', () => {
    const dir = tempDir();
    makeLegacyStore(dir, [PERSON_A.idNumber], { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'trust'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'trust', 'store.json'), '{}', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'api-clients.json'), '[]', { mode: 0o644 });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'chipid.sqlite'), 0o644);
    const env = keyEnv();
    const s = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) });
    const tightened = listAudit(s.read).find((a) => a.action === 'data_dir.permissions_tightened');
    // the folder, trust/, trust/store.json, api-clients.json, chipid.sqlite and the old installation.key
    expect(tightened?.details).toMatchObject({ entries: 6 });
    s.close();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'trust')).mode & 0o777).toBe(0o700);
    for (const f of ['chipid.sqlite', 'api-clients.json', path.join('trust', 'store.json')]) {
      expect(fs.statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
    }
    // once tight, nothing more to do (and nothing audited)
    const s2 = openStorage(dir, { retention: false, secrets: openSecrets({ dataDir: dir, env }) });
    expect(listAudit(s2.read).filter((a) => a.action === 'data_dir.permissions_tightened')).toHaveLength(1);
    s2.close();
  });
});
