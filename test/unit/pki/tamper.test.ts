/**
 * Test PKI (build.ts) round trips and tamper cases: each manipulation is caught with the right reason.
 * Signatures produced by build.ts are checked by OpenSSL, so the builder is not only checked by our verifier.
 */
import { describe, expect, it } from 'vitest';
import { buildSod, makeCrl, makeEcKey, makeTestCsca, makeTestDs, seededRng, testPki, buildCardSecurity, signCertificate, ecSpki, keyId } from '../../../electron/devkit/pki-build.js';
import { verifyCardSecurity } from '../../../electron/pki/cardsecurity.js';
import { issuersFrom } from '../../../electron/pki/chain.js';
import { parseSod, unwrapSod, verifySod } from '../../../electron/pki/sod.js';
import { parseCertificate } from '../../../electron/pki/x509.js';
import { seq, oid, octets, bitString, bool } from '../../../electron/pki/der.js';
import { OID } from '../../../electron/pki/oids.js';
import { cccdLikeDataGroups } from '../../../bench/pki.js';
import { OPENSSL_AVAILABLE, opensslCmsSignatureOk, opensslCrlText, opensslDgstOk } from './openssl.js';

const AT = new Date('2026-06-01T00:00:00Z');
const pki = testPki();
const dgs = cccdLikeDataGroups();
const trust = issuersFrom([pki.csca.cert]);
const chain = { trust, at: AT, issuingState: 'VNM' };
const sod = buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: pki.ds, signatureAlg: 'ecdsa-with-SHA512' });

function find(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}
const flip = (b: Uint8Array, at: number, mask = 0x01): Uint8Array => {
  const c = b.slice();
  c[at]! ^= mask;
  return c;
};

describe('test PKI', () => {
  it('a CCCD-like SOD passes every check (signature, attributes, hashes, chain)', () => {
    const r = verifySod(sod, { dataGroups: dgs, chain });
    expect(r.signature).toMatchObject({ status: 'pass', algorithm: 'ecdsa-with-SHA512 / EC brainpoolP512r1' });
    expect(r.signedAttributes.status).toBe('pass');
    expect(r.hashes.status, r.hashes.reason).toBe('pass');
    expect(r.chain.status, r.chain.reason).toBe('pass');
    expect(r.chain.path.map((p) => p.role)).toEqual(['DS', 'CSCA']);
    expect(pki.csca.cert.publicKey.kind === 'ec' && pki.csca.cert.publicKey.curveName).toBe('explicit(=brainpoolP512r1)');
  });

  it('OpenSSL verifies what build.ts signs (CMS, DS→CSCA on explicit parameters, CSCA self-signature)', () => {
    if (!OPENSSL_AVAILABLE) return console.warn('openssl not found: builder output not cross-checked');
    expect(opensslCmsSignatureOk(unwrapSod(sod))).toBe(true);
    const { csca, ds } = pki;
    expect(opensslDgstOk(csca.cert.spki, 'sha512', ds.cert.tbs, ds.cert.signature)).toBe(true);
    expect(opensslDgstOk(csca.cert.spki, 'sha512', csca.cert.tbs, csca.cert.signature)).toBe(true);
    expect(opensslCmsSignatureOk(flip(unwrapSod(sod), unwrapSod(sod).length - 10))).toBe(false);
  });

  it('is deterministic for given keys and supports v1, SHA-512, SKI signer ids, other curves', () => {
    expect(buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: pki.ds })).toEqual(sod);
    const csca384 = makeTestCsca({ curve: 'brainpoolP384r1', rng: seededRng('c384'), sigAlg: 'ecdsa-with-SHA384' });
    const ds256 = makeTestDs(csca384, { curve: 'brainpoolP256r1', rng: seededRng('d256') });
    const s = buildSod({ hashAlg: 'sha512', dataGroups: dgs, ds: ds256, signatureAlg: 'ecdsa-with-SHA256', ldsVersion: 1, sid: 'ski' });
    const r = verifySod(s, { dataGroups: dgs, chain: { trust: issuersFrom([csca384.cert]), at: AT } });
    expect([r.signature.status, r.hashes.status, r.chain.status]).toEqual(['pass', 'pass', 'pass']);
    expect(r.lds).toMatchObject({ version: 1, ldsVersion: '0108', hashAlgorithm: 'sha512' });
    if (OPENSSL_AVAILABLE) expect(opensslCmsSignatureOk(unwrapSod(s))).toBe(true);
  });

  it('a SignerInfo issuer with the RDNs in another order still finds the DS certificate', () => {
    const rdnDers = rdnsOf(pki.ds.cert.issuer.der).reverse();
    const s = buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: pki.ds, sidIssuer: seq(...rdnDers) });
    const sid = parseSod(s).signedData.signerInfos[0]!.sid;
    expect(sid.kind === 'issuerSerial' && sid.issuer.text).toBe('CN=TEST CSCA VN (not a real authority), O=ChipID TEST PKI, C=VN');
    expect(pki.ds.cert.issuer.text).toBe('C=VN, O=ChipID TEST PKI, CN=TEST CSCA VN (not a real authority)');
    expect(verifySod(s, { dataGroups: dgs, chain }).signature.status).toBe('pass');
  });

  it('EF.CardSecurity built and verified; tampered SecurityInfos caught', () => {
    const infos = Uint8Array.from([0x31, 0x03, 0x02, 0x01, 0x01]);
    const cs = buildCardSecurity({ securityInfos: infos, ds: pki.ds });
    const r = verifyCardSecurity(cs, { chain });
    expect([r.signature.status, r.signedAttributes.status, r.chain.status]).toEqual(['pass', 'pass', 'pass']);
    expect(r.securityInfos).toEqual(infos);
    const bad = verifyCardSecurity(flip(cs, find(cs, infos) + 4), { chain });
    expect(bad.signedAttributes.status).toBe('fail');
  });
});

function rdnsOf(nameDer: Uint8Array): Uint8Array[] {
  // Name ::= SEQUENCE OF RDN; split the top-level SETs (short lengths in our test names)
  const out: Uint8Array[] = [];
  let o = nameDer[1]! & 0x80 ? 2 + (nameDer[1]! & 0x7f) : 2;
  while (o < nameDer.length) {
    const len = nameDer[o + 1]!;
    out.push(nameDer.subarray(o, o + 2 + len));
    o += 2 + len;
  }
  return out;
}

describe('tampering is caught with the right reason', () => {
  it('one byte changed in a DG → hashes fail naming that DG', () => {
    const t = new Map(dgs);
    t.set(2, flip(dgs.get(2)!, 500));
    const r = verifySod(sod, { dataGroups: t, chain });
    expect(r.hashes.status).toBe('fail');
    expect(r.hashes.reason).toBe('DG2 sha256 does not match the SOD');
    expect(r.perDg.filter((d) => d.status === 'fail').map((d) => d.dg)).toEqual([2]);
    expect(r.signature.status).toBe('pass');
  });

  it('an injected DG (read, but not in the SOD) → fail', () => {
    const t = new Map(dgs);
    t.set(11, Uint8Array.of(0x6b, 0x01, 0x00));
    const r = verifySod(sod, { dataGroups: t });
    expect(r.hashes.status).toBe('fail');
    expect(r.hashes.reason).toContain('DG11 was read but the SOD has no hash for it (possible data injection)');
  });

  it('one byte changed in the signature → signature fails', () => {
    const sig = parseSod(sod).signedData.signerInfos[0]!.signature;
    const r = verifySod(flip(sod, find(sod, sig) + 30), { dataGroups: dgs, chain });
    expect(r.signature.status).toBe('fail');
    expect(r.signature.reason).toMatch(/^ECDSA signature invalid/);
  });

  it('one byte changed in the signed content (LDSSecurityObject) → message digest fails', () => {
    const lds = parseSod(sod).signedData.eContent;
    const t = flip(sod, find(sod, lds) + lds.length - 5);
    const r = verifySod(t, { dataGroups: dgs, chain });
    expect(r.signedAttributes.status).toBe('fail');
    expect(r.signedAttributes.reason).toContain('message-digest attribute does not match');
  });

  it('one byte changed in the signed attributes → signature fails', () => {
    const si = parseSod(sod).signedData.signerInfos[0]!;
    const md = si.signedAttrs!.messageDigest!;
    const r = verifySod(flip(sod, find(sod, md) + 3), { dataGroups: dgs, chain });
    expect(r.signature.status).toBe('fail');
    expect(r.signedAttributes.status).toBe('fail');
  });

  it('one byte changed in the DS certificate → chain fails on the DS signature', () => {
    const cn = new TextEncoder().encode('TEST Document Signer');
    const at = find(sod, cn);
    const r = verifySod(flip(sod, at, 0x20), { dataGroups: dgs, chain });
    expect(r.signature.status).toBe('pass'); // DS key unchanged
    expect(r.chain.status).toBe('fail');
    expect(r.chain.reason).toMatch(/^DS certificate signature does not verify with any of 1 CSCA/);
  });

  it('swapped DS: a certificate with the same issuer and serial but another key → signature fails', () => {
    const other = makeTestDs(pki.csca, { key: makeEcKey('brainpoolP512r1', seededRng('other')), curve: 'brainpoolP512r1' });
    const s = buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: pki.ds, certificates: [other.der] });
    const r = verifySod(s, { dataGroups: dgs, chain });
    expect(r.signature.status).toBe('fail');
    expect(r.chain.status).toBe('pass'); // the swapped-in DS is itself genuine
  });

  it('a DS from another CSCA → chain fails', () => {
    const foreign = makeTestCsca({ rng: seededRng('foreign'), key: makeEcKey('brainpoolP256r1', seededRng('foreign')), curve: 'brainpoolP256r1', sigAlg: 'ecdsa-with-SHA256' });
    const ds = makeTestDs(foreign, { rng: seededRng('fds') });
    const s = buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds });
    const r = verifySod(s, { dataGroups: dgs, chain });
    expect(r.signature.status).toBe('pass');
    expect(r.chain.status).toBe('fail');
  });

  it('expired DS and expired CSCA → chain fails naming which', () => {
    const ds = makeTestDs(pki.csca, { key: pki.keys.ds, curve: 'brainpoolP512r1', notAfter: new Date('2025-01-01T00:00:00Z') });
    const r = verifySod(buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds }), { dataGroups: dgs, chain });
    expect(r.chain.status).toBe('fail');
    expect(r.chain.reason).toBe('DS certificate expired on 2025-01-01');
    const old = makeTestCsca({ key: pki.keys.csca, notBefore: new Date('2010-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    const ds2 = makeTestDs(old, { key: pki.keys.ds, curve: 'brainpoolP512r1' });
    const r2 = verifySod(buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: ds2 }), { dataGroups: dgs, chain: { ...chain, trust: issuersFrom([old.cert]) } });
    expect(r2.chain.reason).toBe('CSCA certificate expired on 2026-01-01');
  });

  it('a DS without digitalSignature key usage → chain fails', () => {
    const ds = makeTestDs(pki.csca, { key: pki.keys.ds, curve: 'brainpoolP512r1', keyUsage: 0x04 });
    const r = verifySod(buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds }), { dataGroups: dgs, chain });
    expect(r.chain.reason).toBe('DS keyUsage lacks digitalSignature');
  });

  it('DS revoked by a CSCA-signed CRL → fail; stale CRL → warn or fail by policy; forged CRL ignored', () => {
    const crl = makeCrl(pki.csca, [0x2001n, 0x77n], { thisUpdate: new Date('2026-05-01T00:00:00Z'), nextUpdate: new Date('2026-08-01T00:00:00Z') });
    if (OPENSSL_AVAILABLE) {
      expect(opensslCrlText(crl.der)).toMatch(/Serial Number: 2001/);
      expect(opensslDgstOk(pki.csca.cert.spki, 'sha512', crl.crl.tbs, crl.crl.signature)).toBe(true);
    }
    const revoked = verifySod(sod, { dataGroups: dgs, chain: { ...chain, trust: issuersFrom([pki.csca.cert], [crl.crl]) } });
    expect(revoked.chain.status).toBe('fail');
    expect(revoked.chain.reason).toBe('DS certificate (serial 2001) is revoked since 2026-05-01');

    const clean = makeCrl(pki.csca, [0x77n], { thisUpdate: new Date('2026-01-01T00:00:00Z'), nextUpdate: new Date('2026-02-01T00:00:00Z') });
    const t = issuersFrom([pki.csca.cert], [clean.crl]);
    const warn = verifySod(sod, { dataGroups: dgs, chain: { ...chain, trust: t } });
    expect(warn.chain.status).toBe('pass');
    expect(warn.chain.warnings).toContain('newest CRL is stale (nextUpdate 2026-02-01)');
    const strict = verifySod(sod, { dataGroups: dgs, chain: { ...chain, trust: t, staleCrl: 'fail' } });
    expect(strict.chain.status).toBe('fail');
    expect(strict.chain.reason).toBe('newest CRL is stale (nextUpdate 2026-02-01)');

    const forged = { ...crl.crl, signature: flip(crl.crl.signature, 20) };
    const ignored = verifySod(sod, { dataGroups: dgs, chain: { ...chain, trust: issuersFrom([pki.csca.cert], [forged]) } });
    expect(ignored.chain.status).toBe('pass');
    expect(ignored.chain.checks.find((c) => c.name === 'revocation')!.check.status).toBe('not_performed');
  });

  it('link certificate: DS under a new CSCA key, trust holds the old CSCA and the link → path of three', () => {
    const newKey = makeEcKey('brainpoolP512r1', seededRng('csca-gen2'));
    const linkDer = signCertificate({
      serial: 0x1002n,
      issuer: pki.csca.name,
      subject: pki.csca.name,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      spki: ecSpki(newKey, true),
      extensions: [seq(oid(OID.basicConstraints), bool(true), octets(seq(bool(true), Uint8Array.of(0x02, 0x01, 0x00)))), seq(oid(OID.keyUsage), bool(true), octets(bitString(Uint8Array.of(0x06), 1))), seq(oid(OID.subjectKeyIdentifier), octets(octets(keyId(newKey))))],
      signer: pki.keys.csca,
      sigAlg: 'ecdsa-with-SHA512',
    });
    const link = parseCertificate(linkDer);
    const gen2 = { ...pki.csca, key: newKey, cert: link, der: linkDer };
    const ds = makeTestDs(gen2, { key: pki.keys.ds, curve: 'brainpoolP512r1', serial: 0x3001n });
    const r = verifySod(buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds }), { dataGroups: dgs, chain: { ...chain, trust: issuersFrom([pki.csca.cert, link]) } });
    expect(r.chain.status, r.chain.reason).toBe('pass');
    expect(r.chain.path.map((p) => `${p.role}:${p.serialHex}`)).toEqual(['DS:3001', 'CSCA (link):1002', 'CSCA:1001']);
    expect(r.chain.checks.find((c) => c.name === 'linkCertificate')!.check.status).toBe('pass');
  });
});
