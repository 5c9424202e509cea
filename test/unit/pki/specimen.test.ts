/**
 * Specimen document sets (vectors/specimen): signature and DG hashes pass, chain not_performed (their CSCAs are
 * not public). Which DGs each SOD covers is established independently: node:crypto hashes of the DG files
 * searched in the eContent that OpenSSL extracts from the CMS.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issuersFrom } from '../../../electron/pki/chain.js';
import { parseSod, unwrapSod, verifySod } from '../../../electron/pki/sod.js';
import { parseCertificate } from '../../../electron/pki/x509.js';
import { sharedBytes, sharedPath } from '../../helpers/shared.js';
import { OPENSSL_AVAILABLE, opensslCmsContent, opensslCmsSignatureOk } from './openssl.js';

const SETS = [
  { dir: 'bsi-tr03105-5', hash: 'sha256' },
  { dir: 'etsi-tr103200', hash: 'sha256' },
  { dir: 'bdr-test-tsemrtd', hash: 'sha1' },
] as const;

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const AT = new Date('2026-05-28T00:00:00Z');

describe('specimen EF.SOD sets', () => {
  for (const set of SETS) {
    const base = `vectors/specimen/${set.dir}`;
    const files = readdirSync(sharedPath(base));
    const sod = sharedBytes(`${base}/EF_SOD.bin`);
    const dgs = new Map<number, Uint8Array>();
    for (const f of files) {
      const m = /^DG(\d+)\.bin$/.exec(f);
      if (m) dgs.set(Number(m[1]), sharedBytes(`${base}/${f}`));
    }

    it(`${set.dir}: covered DGs (independently determined) pass, uncovered ones are flagged as not in the SOD`, () => {
      if (!OPENSSL_AVAILABLE) return console.warn('openssl not found: coverage oracle unavailable, test not run');
      const eContent = opensslCmsContent(unwrapSod(sod));
      const covered = new Set([...dgs].filter(([, d]) => contains(eContent, new Uint8Array(createHash(set.hash).update(d).digest()))).map(([n]) => n));
      expect(covered.size).toBeGreaterThan(0);
      const r = verifySod(sod, { dataGroups: dgs });
      expect(r.signature.status, r.signature.reason).toBe('pass');
      expect(r.signedAttributes.status).toBe('pass');
      for (const [n] of dgs) {
        const d = r.perDg.find((x) => x.dg === n)!;
        if (covered.has(n)) expect(d.status, d.reason).toBe('pass');
        else {
          expect(d.status).toBe('fail');
          expect(d.reason).toContain(`DG${n} was read but the SOD has no hash`);
        }
      }
      const uncovered = [...dgs.keys()].filter((n) => !covered.has(n));
      expect(r.hashes.status).toBe(uncovered.length ? 'fail' : 'pass');
      // Only the covered DGs: everything passes.
      const only = new Map([...dgs].filter(([n]) => covered.has(n)));
      const ok = verifySod(sod, { dataGroups: only });
      expect(ok.hashes.status, ok.hashes.reason).toBe('pass');
      expect(ok.lds.hashAlgorithm).toBe(set.hash);
    });

    it(`${set.dir}: chain not_performed (CSCA not public), OpenSSL agrees on the signature`, () => {
      const ds = files.find((f) => f.startsWith('DS_'));
      const extra = ds ? parseCertificate(sharedBytes(`${base}/${ds}`)) : undefined;
      const cscas = readdirSync(sharedPath('vectors/real/gmrtd/csca')).map((f) => parseCertificate(sharedBytes(`vectors/real/gmrtd/csca/${f}`)));
      const r = verifySod(sod, { dataGroups: new Map(), ...(extra ? { dsCertificate: extra } : {}), chain: { trust: issuersFrom(cscas), at: AT } });
      expect(r.signature.status).toBe('pass');
      expect(r.chain.status).toBe('not_performed');
      expect(r.chain.reason).toMatch(/^no CSCA ".*" in the trust store$/);
      if (extra) expect(r.dsCertificate!.fingerprint).toBe(extra.fingerprint);
      if (OPENSSL_AVAILABLE) expect(opensslCmsSignatureOk(unwrapSod(sod))).toBe(true);
    });
  }

  it('bsi-tr03105-5: DG15 is not covered (README), DG1 one byte changed is named', () => {
    const base = 'vectors/specimen/bsi-tr03105-5';
    const sod = sharedBytes(`${base}/EF_SOD.bin`);
    expect([...parseSod(sod).lds.hashes.keys()]).not.toContain(15);
    const dg1 = sharedBytes(`${base}/DG1.bin`);
    dg1[10]! ^= 0x20;
    const r = verifySod(sod, { dataGroups: new Map([[1, dg1], [2, sharedBytes(`${base}/DG2.bin`)]]) });
    expect(r.hashes.status).toBe('fail');
    expect(r.hashes.reason).toBe('DG1 sha256 does not match the SOD');
    expect(r.perDg.find((d) => d.dg === 2)!.status).toBe('pass');
  });
});
