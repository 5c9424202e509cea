/**
 * End to end through the real PC/SC stack: `chipid sim` (the virtual CCCD) on a vpcd reader of a private
 * pcscd, read by `chipid read --json` in another process. Expected identities are the profiles' synthetic
 * people (electron/vcard/person.ts): what the card was personalised with must come back out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessUnavailableReason, startHarness, CHIPID_BIN, type PcscHarness } from './harness.js';
import { PERSON_A, PERSON_PASSPORT } from '../../electron/vcard/person.js';
import { REPO_DIR } from '../helpers/shared.js';

const reason = harnessUnavailableReason();
if (reason) console.warn(`[e2e read-cli] skipped: ${reason}`);

interface CliResult {
  code: number;
  json: Record<string, any>;
  stderr: string;
}

let home = '';

function chipid(h: PcscHarness, args: string[], json = true): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CHIPID_BIN, ...args, ...(json ? ['--json'] : [])],
      { env: { ...process.env, PCSCLITE_CSOCK_NAME: h.socketPath, CHIPID_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        let json: Record<string, any> = {};
        try {
          json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
        } catch {
          json = { unparsed: stdout };
        }
        resolve({ code: typeof code === 'number' ? code : 1, json, stderr });
      },
    );
  });
}

describe.skipIf(reason !== undefined)('chipid read through pcscd + vpcd', () => {
  let h: PcscHarness;
  beforeAll(async () => {
    if (!existsSync(`${REPO_DIR}dist/cli.mjs`)) {
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    }
    h = await startHarness({ lines: 1 });
    home = mkdtempSync(join(tmpdir(), 'chipid-home-'));
  });
  afterAll(async () => {
    await h?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const ddmmyyyy = (iso: string): string => iso.slice(8, 10) + iso.slice(5, 7) + iso.slice(0, 4);

  it('cccd-2021: by ID number + dates, then by QR text, identity as personalised', async () => {
    const sim = await h.startSim({ profile: 'cccd-2021' });
    try {
      const r = await chipid(h, ['read', '--id', PERSON_A.idNumber, '--dob', PERSON_A.dateOfBirth, '--doe', PERSON_A.dateOfExpiry!]);
      expect(r.code === 0 || r.code === 5, r.stderr + JSON.stringify(r.json)).toBe(true);
      const id = r.json.identity;
      expect(id.idNumber).toBe(PERSON_A.idNumber);
      expect(id.fullName).toBe(PERSON_A.fullName);
      expect(id.dateOfBirth).toBe(PERSON_A.dateOfBirth);
      expect(id.sex).toBe('M');
      expect(id.placeOfResidence).toBe(PERSON_A.placeOfResidence);
      expect(id.fatherName).toBe(PERSON_A.fatherName);
      expect(id.oldIdNumber).toBe(PERSON_A.oldIdNumber);
      expect(r.json.document.type).toBe('cccd');
      expect(r.json.document.issuingState).toBe('VNM');
      expect(r.json.photo.format).toBe('jpeg');
      expect(r.json.stats.apdus).toBeGreaterThan(5);
      for (const k of ['apdus', 'bytesSent', 'bytesReceived', 'cardMs', 'hostMs', 'totalMs']) expect(typeof r.json.stats[k]).toBe('number');

      const qr = [PERSON_A.idNumber, PERSON_A.oldIdNumber, 'NGUYỄN VĂN AN', ddmmyyyy(PERSON_A.dateOfBirth), 'Nam', PERSON_A.placeOfResidence, ddmmyyyy(PERSON_A.dateOfIssue)].join('|');
      const q = await chipid(h, ['read', '--qr', qr]);
      expect(q.code === 0 || q.code === 5, q.stderr + JSON.stringify(q.json)).toBe(true);
      expect(q.json.identity.idNumber).toBe(PERSON_A.idNumber);
      expect(q.json.identity.fullName).toBe(PERSON_A.fullName);
    } finally {
      await sim.exit();
    }
  });

  it('passport-td3: by MRZ', async () => {
    const sim = await h.startSim({ profile: 'passport-td3' });
    try {
      const ready = await sim.waitFor('ready');
      const mrz = (ready.keys as { mrz: string }).mrz;
      const r = await chipid(h, ['read', '--mrz', mrz]);
      expect(r.code === 0 || r.code === 5, r.stderr + JSON.stringify(r.json)).toBe(true);
      expect(r.json.document.type).toBe('passport');
      expect(r.json.document.documentNumber).toBe(PERSON_PASSPORT.documentNumber);
      expect(r.json.identity.dateOfBirth).toBe(PERSON_PASSPORT.dateOfBirth);
      expect(r.json.access.protocol).toBe('BAC');
    } finally {
      await sim.exit();
    }
  });

  it('card lifted in the middle of DG2 → clear error; tapped again → success', async () => {
    const sim = await h.startSim({ profile: 'cccd-2021', removeAt: '0102:2000' });
    try {
      const args = ['read', '--id', PERSON_A.idNumber, '--dob', PERSON_A.dateOfBirth, '--doe', PERSON_A.dateOfExpiry!, '--strategy', 'adaptive'];
      const r1 = await chipid(h, args);
      expect(r1.code).not.toBe(0);
      expect(['CARD_REMOVED', 'TRANSPORT_LOST']).toContain(r1.json.error?.code);
      expect(r1.json.error.messageVi).toMatch(/thẻ/i);
      await sim.waitFor('inserted', 15_000);
      const r2 = await chipid(h, [...args, '--wait', '20']);
      expect(r2.code === 0 || r2.code === 5, r2.stderr + JSON.stringify(r2.json)).toBe(true);
      expect(r2.json.identity.idNumber).toBe(PERSON_A.idNumber);
    } finally {
      await sim.exit();
    }
  });

  it('a wrong key → ACCESS_DENIED with a Vietnamese message', async () => {
    const sim = await h.startSim({ profile: 'cccd-bac-only' });
    try {
      const r = await chipid(h, ['read', '--id', PERSON_A.idNumber, '--dob', '1999-03-16', '--doe', PERSON_A.dateOfExpiry!]);
      expect(r.code).toBe(3);
      expect(r.json.error.code).toBe('ACCESS_DENIED');
      expect(r.json.error.messageVi).toContain('Kiểm tra lại');
      expect(r.json.error.message).toContain('Check the ID number');
    } finally {
      await sim.exit();
    }
  });
});

describe.skipIf(reason !== undefined)('PACE, chip authenticity and the verdict through pcscd + vpcd', () => {
  let h: PcscHarness;
  beforeAll(async () => {
    h = await startHarness({ lines: 1 });
    // A kiosk data directory that trusts the virtual cards' TEST CSCA (as an operator would import a CSCA).
    home = mkdtempSync(join(tmpdir(), 'chipid-home-'));
    const csca = join(home, 'test-csca.der');
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync(process.execPath, [CHIPID_BIN, 'sim', '--csca-out', csca, '--profile', 'none'], { env: { ...process.env, CHIPID_HOME: home }, stdio: 'ignore' });
    } catch {
      /* the unknown profile stops sim after writing the certificate */
    }
    const imp = await chipid(h, ['trust', 'import', csca]);
    expect(imp.json.added).toBe(1);
  });
  afterAll(async () => {
    await h?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('cccd-2021 read by the CAN alone (the 12-digit ID) with PACE, Chip and Active Authentication → verified', async () => {
    const sim = await h.startSim({ profile: 'cccd-2021' });
    try {
      const r = await chipid(h, ['read', '--id', PERSON_A.idNumber]);
      expect(r.code, r.stderr + JSON.stringify(r.json)).toBe(0);
      expect(r.json.access.protocol).toBe('PACE-ECDH-GM-AES-128/brainpoolP256r1');
      expect(r.json.access.keySource).toBe('id');
      expect(r.json.checks.chipGenuine.status).toBe('pass');
      expect(r.json.checks.chipDataIntact.status).toBe('pass');
      expect(r.json.checks.issuerTrusted.status).toBe('pass');
      expect(r.json.checks.documentValid.status).toBe('pass');
      expect(r.json.checks.onlineConfirmed.status).toBe('not_performed');
      expect(r.json.verdict).toBe('verified');
      expect(r.json.identity.fullName).toBe(PERSON_A.fullName);
      // the same with the CAN typed directly
      const c = await chipid(h, ['read', '--can', PERSON_A.idNumber.slice(-6)]);
      expect(c.code, c.stderr + JSON.stringify(c.json)).toBe(0);
      expect(c.json.access).toMatchObject({ protocol: 'PACE-ECDH-GM-AES-128/brainpoolP256r1', keySource: 'can' });
      expect(c.json.checks.chipAuthentication.status).toBe('pass');
    } finally {
      await sim.exit();
    }
  });

  it('a cloned chip (CA/AA keys do not match DG14/DG15) → chipGenuine fail, NOT verified', async () => {
    const sim = await h.startSim({ profile: 'cccd-clone' });
    try {
      const r = await chipid(h, ['read', '--id', PERSON_A.idNumber]);
      expect(r.code).toBe(5);
      expect(r.json.verdict).toBe('not_verified');
      expect(r.json.checks.chipGenuine.status).toBe('fail');
      expect(r.json.checks.chipGenuine.reason).toMatch(/Chip Authentication/);
      // the data is genuine (copied): intact and trusted, but the chip is not
      expect(r.json.checks.chipDataIntact.status).toBe('pass');
      expect(r.json.identity.idNumber).toBe(PERSON_A.idNumber);
    } finally {
      await sim.exit();
    }
  });

  it('EF.CardAccess answering 6982 → BAC fallback recorded in access.fallbackReason; --strict fails closed', async () => {
    const sim = await h.startSim({ profile: 'cccd-cardaccess-6982' });
    try {
      const args = ['read', '--id', PERSON_A.idNumber, '--dob', PERSON_A.dateOfBirth, '--doe', PERSON_A.dateOfExpiry!];
      const r = await chipid(h, args);
      expect(r.code, r.stderr + JSON.stringify(r.json)).toBe(0);
      expect(r.json.access.protocol).toBe('BAC');
      expect(r.json.access.fallbackReason).toMatch(/6982/);
      const strict = await chipid(h, [...args, '--strict']);
      expect(strict.code).toBe(3);
      expect(strict.json.error.code).toBe('ACCESS_DENIED');
    } finally {
      await sim.exit();
    }
  });
});
