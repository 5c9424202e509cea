/**
 * The chipid CLI as integrators use it, on the in-process virtual card (no reader needed): read by the CAN,
 * --json shape, --photo-out, --dump then `verify DUMP` offline (and a tampered dump), verify-sod on real
 * vectors, trust import of the German master list, audit verify, and --help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { REPO_DIR, sharedPath } from '../helpers/shared.js';
import { PERSON_A } from '../../electron/vcard/person.js';

const BIN = join(REPO_DIR, 'bin/chipid.mjs');
let home = '';

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; json: Record<string, any> }> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, CHIPID_HOME: join(home, 'data'), CHIPID_KEY_DIR: join(home, 'keys'), ...env };
    delete e.CHIPID_MASTER_KEY;
    execFile(process.execPath, [BIN, ...args], { env: e, timeout: 60_000 }, (err, stdout) => {
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
      } catch {
        json = {};
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout, json });
    });
  });
}

describe('chipid CLI', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_DIR, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    home = mkdtempSync(join(tmpdir(), 'chipid-cli-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('--help lists every command', async () => {
    const r = await run(['--help']);
    for (const c of ['readers', 'read', 'sim', 'bench', 'verify-sod', 'verify', 'trust', 'serve', 'clients', 'events', 'audit']) expect(r.out).toContain(`chipid ${c}`);
  });

  it('read --can (PACE) --json prints exactly one object with the fixed names; --photo-out and --dump', async () => {
    const photo = join(home, 'photo.jpg');
    const dump = join(home, 'dump.json');
    const r = await run(['read', '--virtual', 'cccd-2021', '--can', PERSON_A.idNumber.slice(-6), '--json', '--photo-out', photo, '--dump', dump]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(r.json).sort()).toEqual(['access', 'checks', 'document', 'identity', 'photo', 'stats', 'verdict']);
    expect(r.json.access).toMatchObject({ protocol: 'PACE-ECDH-GM-AES-128/brainpoolP256r1', keySource: 'can' });
    expect(r.json.checks.chipAuthentication).toMatchObject({ status: 'pass', algorithm: 'CA-ECDH-AES-128/brainpoolP256r1' });
    expect(r.json.checks.activeAuthentication.status).toBe('pass');
    expect(r.json.verdict).toBe('verified');
    const jpeg = readFileSync(photo);
    expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(createHash('sha256').update(jpeg).digest('hex')).toBe(r.json.photo.sha256);
    expect(r.json.photo.bytes).toBe(jpeg.length);
    // the dump re-verifies offline with the recorded CA/AA evidence (TEST CSCA given as the only anchor)
    const csca = join(home, 'csca.der');
    await run(['sim', '--csca-out', csca, '--profile', 'none']);
    const v = await run(['verify', dump, '--trust', csca, '--json']);
    expect(v.code).toBe(0);
    expect(v.json.verdict).toBe('verified');
    expect(v.json.checks.chipGenuine.status).toBe('pass');
    // a byte changed in DG13 of the dump → chipDataIntact fails
    const d = JSON.parse(readFileSync(dump, 'utf8'));
    const dg13 = Buffer.from(d.files.dataGroups['13'], 'base64');
    dg13[dg13.length - 3]! ^= 0x01;
    d.files.dataGroups['13'] = dg13.toString('base64');
    writeFileSync(dump, JSON.stringify(d));
    const t = await run(['verify', dump, '--trust', csca, '--json']);
    expect(t.code).toBe(5);
    expect(t.json.checks.chipDataIntact.status).toBe('fail');
    expect(t.json.checks.chipDataIntact.reason).toMatch(/DG13/);
  });

  it('a wrong key gives ACCESS_DENIED JSON and exit code 3; bad input gives KEY_INVALID and 2', async () => {
    const r = await run(['read', '--virtual', 'cccd-bac-only', '--id', PERSON_A.idNumber, '--dob', '1999-03-16', '--doe', '2039-03-15', '--json']);
    expect(r.code).toBe(3);
    expect(r.json.error).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(r.json.error.messageVi).toMatch(/Kiểm tra lại/);
    const b = await run(['read', '--virtual', 'cccd-2021', '--id', '12345', '--json']);
    expect(b.code).toBe(2);
    expect(b.json.error.code).toBe('KEY_INVALID');
  });

  it('verify-sod: real German SOD with its CSCA certificates → pass; with a foreign anchor only → chain not trusted', async () => {
    const g = (f: string): string => sharedPath(`vectors/real/gmrtd/${f}`);
    const ok = await run(['verify-sod', '--sod', g('SOD_DE.bin'), '--trust', g('csca/CSCA_DE_1a5e43cd12a57725.cer'), '--trust', g('csca/CSCA_DE_66b09a816ff5c76d.cer'), '--at', '2026-05-28', '--json']);
    expect(ok.json.signature.status).toBe('pass');
    expect(ok.json.chain.status).toBe('pass');
    const bad = await run(['verify-sod', '--sod', g('SOD_DE.bin'), '--trust', g('csca/CSCA_FR_5ba9a2069f34cd93.cer'), '--at', '2026-05-28', '--json']);
    expect(bad.code).toBe(5);
    expect(bad.json.chain.status).not.toBe('pass');
  });

  it('trust import of the German master list (all 588 kept), list shows Vietnam’s CSCA; the audit chain verifies', async () => {
    const imp = await run(['trust', 'import', sharedPath('trust/DE_ML_2026-05-28.ml'), '--root', sharedPath('trust/DE_ROOT_CA_CSCA07.cer'), '--json']);
    expect(imp.json).toMatchObject({ kind: 'masterlist', total: 588, verified: true });
    expect(imp.json.added + imp.json.duplicates).toBe(588);
    const list = await run(['trust', 'list', '--json']);
    expect(list.json.certificates).toHaveLength(588);
    expect(list.json.certificates.filter((c: { explicitParameters: boolean }) => c.explicitParameters).length).toBeGreaterThanOrEqual(103);
    const vn = list.json.certificates.find((c: { subject: string }) => c.subject.includes('CSCA ePassport Vietnam'));
    expect(vn.notAfter).toBe('2037-10-01');
    const audit = await run(['audit', 'verify', '--json']);
    expect(audit.json).toMatchObject({ ok: true });
    // the head kept elsewhere proves later that nothing up to it was cut off or rewritten
    const head = await run(['audit', 'head', '--json']);
    expect(head.json.seq).toBeGreaterThan(0);
    const anchored = await run(['audit', 'verify', '--anchor', `${head.json.seq}:${head.json.hash}`, '--json']);
    expect(anchored.json).toMatchObject({ ok: true });
    const forged = await run(['audit', 'verify', '--anchor', `${head.json.seq}:${'0'.repeat(64)}`, '--json']);
    expect(forged.code).toBe(6);
    expect(forged.json.ok).toBe(false);
  });
});

describe('chipid verify DUMP: a saved read proves only what its bytes prove', () => {
  let csca = '';
  const can = PERSON_A.idNumber.slice(-6);
  const load = (f: string): Record<string, any> => JSON.parse(readFileSync(f, 'utf8'));
  const save = (f: string, d: unknown): void => writeFileSync(f, JSON.stringify(d));
  beforeAll(async () => {
    if (!existsSync(join(REPO_DIR, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    home = mkdtempSync(join(tmpdir(), 'chipid-dump-'));
    csca = join(home, 'csca.der');
    await run(['sim', '--csca-out', csca, '--profile', 'none']);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('a cloned chip’s dump edited to "pass" does not verify (exit 5); with its signature kept the edit breaks it', async () => {
    const dump = join(home, 'clone.json');
    const r = await run(['read', '--virtual', 'cccd-clone', '--can', can, '--json', '--dump', dump]);
    expect(r.code).toBe(5);
    expect(r.json.checks.chipAuthentication.status).toBe('fail');
    const d = load(dump);
    d.evidence.chipAuthentication = { status: 'pass', reason: 'Chip Authentication passed', algorithm: 'CA-ECDH-AES-128/brainpoolP256r1' };
    d.evidence.activeAuthentication.status = 'pass';
    d.evidence.activeAuthentication.reason = 'ok';
    save(dump, d);
    const signed = await run(['verify', dump, '--trust', csca, '--json']);
    expect(signed.code).toBe(5);
    expect(signed.json.verdict).toBe('not_verified');
    expect(signed.json.checks.kioskSignature.status).toBe('fail');
    delete d.signature;
    save(dump, d);
    const v = await run(['verify', dump, '--trust', csca, '--json']);
    expect(v.code).toBe(5);
    expect(v.json.verdict).toBe('not_verified');
    expect(v.json.checks.chipGenuine.status).toBe('fail');
    expect(v.json.checks.activeAuthentication.status).toBe('fail');
    expect(v.json.checks.chipAuthentication.status).toBe('not_performed');
    expect(v.json.checks.chipAuthentication.code).toBe('RECORDED_NOT_REPROVABLE');
    expect(v.json.checks.chipAuthentication.detail).toMatch(/recorded by the reading kiosk: pass \(not re-provable offline\)/);
  });

  it('an expired card back-dated through createdAt is checked at now, not at createdAt; --at is the verifier’s own choice', async () => {
    const dump = join(home, 'expired.json');
    const r = await run(['read', '--virtual', 'cccd-expired', '--can', can, '--json', '--dump', dump]);
    expect(r.code).toBe(5);
    const d = load(dump);
    d.createdAt = '2023-06-01T08:00:00.000Z';
    delete d.signature;
    save(dump, d);
    const v = await run(['verify', dump, '--trust', csca, '--json']);
    expect(v.code).toBe(5);
    expect(v.json.checks.documentValid.status).toBe('fail');
    expect(v.json.checks.documentValid.reason).toMatch(/expired/);
    expect(v.json.verifiedAt.slice(0, 4)).not.toBe('2023');
    const at = await run(['verify', dump, '--trust', csca, '--at', '2023-06-01', '--json']);
    expect(at.json.checks.documentValid.status).toBe('pass');
    expect(at.json.verifiedAt.slice(0, 10)).toBe('2023-06-01');
  });

  it('a signed dump: CA counts only when the signing kiosk key is trusted (own key or --kiosk-key); any change breaks it', async () => {
    const dump = join(home, 'signed.json');
    expect((await run(['read', '--virtual', 'cccd-2021', '--can', can, '--json', '--dump', dump])).code).toBe(0);
    const own = await run(['verify', dump, '--trust', csca, '--json']);
    expect(own.code).toBe(0);
    expect(own.json.checks.kioskSignature.status).toBe('pass');
    expect(own.json.checks.chipAuthentication).toMatchObject({ status: 'pass' });
    expect(own.json.checks.chipAuthentication.reason).toMatch(/signature/);
    expect(own.json.checks.activeAuthentication.status).toBe('pass');
    // on another kiosk (another key directory) the signature is intact but not trusted: CA only "recorded"
    const other = { CHIPID_KEY_DIR: join(home, 'other-keys') };
    const o = await run(['verify', dump, '--trust', csca, '--json'], other);
    expect(o.json.checks.kioskSignature.status).toBe('not_performed');
    expect(o.json.checks.kioskSignature.reason).toMatch(/not trusted/);
    expect(o.json.checks.chipAuthentication.status).toBe('not_performed');
    expect(o.json.checks.chipAuthentication.code).toBe('RECORDED_NOT_REPROVABLE');
    expect(o.json.checks.chipAuthentication.detail).toMatch(/recorded by the reading kiosk/);
    expect(o.json.checks.chipGenuine.status).toBe('pass'); // Active Authentication re-proved from the bytes
    // the auditor exports the reading kiosk's public key and trusts it explicitly
    const pub = await run(['keys', 'public', '--json']);
    expect(pub.json.algorithm).toBe('Ed25519');
    expect(pub.json.keyId).toBe(load(dump).signature.keyId);
    const pem = join(home, 'kiosk.pem');
    writeFileSync(pem, (await run(['keys', 'public'])).out);
    const t = await run(['verify', dump, '--trust', csca, '--kiosk-key', pem, '--json'], other);
    expect(t.json.checks.kioskSignature.status).toBe('pass');
    expect(t.json.checks.chipAuthentication.status).toBe('pass');
    // one changed byte in DG1 under the signature
    const d = load(dump);
    const dg1 = Buffer.from(d.files.dataGroups['1'], 'base64');
    dg1[dg1.length - 1]! ^= 0x01;
    d.files.dataGroups['1'] = dg1.toString('base64');
    save(dump, d);
    const b = await run(['verify', dump, '--trust', csca, '--json']);
    expect(b.code).toBe(5);
    expect(b.json.checks.kioskSignature.status).toBe('fail');
  });

  it('a dump with wrong JSON types is a typed DUMP_INVALID naming the field (exit 2)', async () => {
    const dump = join(home, 'types.json');
    await run(['read', '--virtual', 'cccd-2021', '--can', can, '--json', '--dump', dump]);
    const good = load(dump);
    for (const [mutate, field] of [
      [(d: Record<string, any>) => (d.evidence = null), 'evidence'],
      [(d: Record<string, any>) => (d.files.sod = 5), 'files.sod'],
      [(d: Record<string, any>) => (d.files.dataGroups = []), 'files.dataGroups'],
      [(d: Record<string, any>) => (d.access.protocol = 7), 'access.protocol'],
    ] as [(d: Record<string, any>) => void, string][]) {
      const d = structuredClone(good);
      mutate(d);
      save(dump, d);
      const v = await run(['verify', dump, '--json']);
      expect(v.code, field).toBe(2);
      expect(v.json.error.code, field).toBe('DUMP_INVALID');
      expect(v.json.error.detail, field).toContain(field);
      expect(v.json.error.messageVi).toMatch(/chipid read --dump/);
    }
    for (const path of [join(home, 'missing.json'), home]) {
      const v = await run(['verify', path, '--json']);
      expect(v.code, path).toBe(2);
      expect(v.json.error.code, path).toBe('DUMP_INVALID');
    }
  });

  it('--trust DIR reads the certificates in the folder; a folder without any is a typed error', async () => {
    const dump = join(home, 'dir.json');
    await run(['read', '--virtual', 'cccd-2021', '--can', can, '--json', '--dump', dump]);
    const dir = mkdtempSync(join(home, 'anchors-'));
    writeFileSync(join(dir, 'test-csca.der'), readFileSync(csca));
    const v = await run(['verify', dump, '--trust', dir, '--json']);
    expect(v.code).toBe(0);
    expect((await run(['read', '--virtual', 'cccd-2021', '--can', can, '--trust', dir, '--json'])).code).toBe(0);
    const junk = join(dir, 'junk.cer');
    writeFileSync(junk, 'not a certificate');
    const j = await run(['verify', dump, '--trust', junk, '--json']);
    expect(j.json.error.code).toBe('TRUST_FILE_INVALID');
    expect(j.json.error.detail).toContain('junk.cer');
    expect(v.json.checks.issuerTrusted.status).toBe('pass');
    const empty = mkdtempSync(join(home, 'empty-'));
    const e = await run(['verify', dump, '--trust', empty, '--json']);
    expect(e.code).toBe(2);
    expect(e.json.error.code).toBe('TRUST_FILE_INVALID');
    const s = await run(['verify-sod', '--sod', sharedPath('vectors/real/gmrtd/SOD_DE.bin'), '--trust', sharedPath('vectors/real/gmrtd/csca'), '--at', '2026-05-28', '--json']);
    expect(s.json.chain.status).toBe('pass');
  });
});
