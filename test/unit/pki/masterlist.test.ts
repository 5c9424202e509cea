/**
 * The German CSCA master list (trust/DE_ML_2026-05-28.ml), the trust store and LDIF import.
 * Counts are cross-checked with OpenSSL (asn1parse of the eContent OpenSSL extracts).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Encode } from '../../../electron/pki/b64.js';
import { signedBy } from '../../../electron/pki/chain.js';
import { VIETNAM_CSCA_SUBJECT, extractVietnamCsca, readMasterList } from '../../../electron/pki/masterlist.js';
import { TrustStore } from '../../../electron/pki/truststore.js';
import { parseCertificate } from '../../../electron/pki/x509.js';
import { parseName } from '../../../electron/pki/name.js';
import { parseAsn1 } from '../../../electron/pki/asn1.js';
import { encodeName } from '../../../electron/devkit/pki-build.js';
import { sharedBytes, sharedPath } from '../../helpers/shared.js';
import { OPENSSL_AVAILABLE, opensslAsn1parse, opensslCmsContent, opensslDgstOk, opensslX509 } from './openssl.js';

const ML = sharedBytes('trust/DE_ML_2026-05-28.ml');
const ROOT = parseCertificate(sharedBytes('trust/DE_ROOT_CA_CSCA07.cer'));
const AT = new Date('2026-05-28T00:00:00Z');
const SRC = { kind: 'cert', name: 'test', verified: true, importedAt: '2026-05-28T00:00:00.000Z' } as const;

describe('CSCA master list', () => {
  const ml = readMasterList(ML, { roots: [ROOT], at: AT });

  it('verifies against DE_ROOT_CA_CSCA07 and keeps all 588 certificates', () => {
    expect(ml.verification.signature.status, ml.verification.signature.reason).toBe('pass');
    expect(ml.verification.signedAttributes.status).toBe('pass');
    expect(ml.verification.signerChain.status, ml.verification.signerChain.reason).toBe('pass');
    expect(ml.verification.verified).toBe(true);
    expect(ml.total).toBe(588);
    expect(ml.errors).toEqual([]);
    expect(ml.certificates).toHaveLength(588);
    const ts = new TrustStore();
    const r = ts.importMasterList(ML, { name: 'DE_ML_2026-05-28.ml', roots: [ROOT], at: AT });
    expect(r.added + r.duplicates).toBe(588);
    expect(ts.listCertificates()).toHaveLength(588); // nothing de-duplicated away (the CSCA01005 PH pair differs in DER)
    expect(ts.listCertificates().every((e) => e.sources[0]!.verified && e.sources[0]!.kind === 'masterlist')).toBe(true);
  });

  it('counts EC keys with explicit domain parameters the same way OpenSSL does', () => {
    const ours = ml.certificates.filter((c) => c.publicKey.kind === 'ec' && c.publicKey.explicitParams).length;
    // README says 103; both our parser and OpenSSL find 160 SubjectPublicKeyInfos with a prime-field
    // fieldID (explicit ECParameters) among the 588 certificates of this list.
    expect(ours).toBe(160);
    if (!OPENSSL_AVAILABLE) return console.warn('openssl not found: explicit-parameter count not cross-checked');
    const text = opensslAsn1parse(opensslCmsContent(ML));
    expect(text.match(/:prime-field\s*$/gm)?.length).toBe(ours);
    expect(text.match(/:X509v3 Subject Key Identifier/g)?.length ?? 0).toBeGreaterThan(500);
    // and every explicit key was resolved to a curve object (none unusable)
    expect(ml.certificates.filter((c) => c.publicKey.kind === 'ec' && !c.publicKey.curve)).toEqual([]);
  });

  it("Vietnam's CSCA is present, self-signed with a valid signature (OpenSSL agrees), usable as an issuer", () => {
    const ts = new TrustStore();
    ts.importMasterList(ML, { name: 'DE', roots: [ROOT], at: AT });
    const subject = parseName(parseAsn1(encodeName([['C', 'VN'], ['O', 'Vietnam Government Information Security Commission'], ['CN', 'CSCA ePassport Vietnam']]), 'n'), 'n');
    const found = ts.findIssuers(subject);
    expect(found).toHaveLength(1);
    const vn = found[0]!;
    expect(vn.subject.text).toBe(VIETNAM_CSCA_SUBJECT);
    expect(vn.notBefore.toISOString().slice(0, 10)).toBe('2022-06-29');
    expect(vn.notAfter.toISOString().slice(0, 10)).toBe('2037-10-01');
    expect(vn.signatureAlgorithm.name).toBe('ecdsa-with-SHA512');
    expect(vn.publicKey.kind === 'ec' && vn.publicKey.explicitParams && vn.publicKey.curve?.name).toBe('brainpoolP512r1');
    expect(signedBy(vn, vn).status).toBe('pass');
    const tampered = { ...vn, tbs: vn.tbs.slice() };
    tampered.tbs[50]! ^= 1;
    expect(signedBy(tampered, vn).status).toBe('fail');
    if (!OPENSSL_AVAILABLE) return;
    expect(opensslX509(vn.der, ['-subject', '-nameopt', 'RFC2253'])).toContain('CN=CSCA ePassport Vietnam,O=Vietnam Government Information Security Commission,C=VN');
    expect(opensslDgstOk(vn.spki, 'sha512', vn.tbs, vn.signature)).toBe(true);
  });

  it('extractVietnamCsca returns exactly that certificate, and refuses an unverified list', () => {
    const out = extractVietnamCsca(ML, [ROOT], AT);
    expect(out).toHaveLength(1);
    expect(out[0]!.subject.text).toBe(VIETNAM_CSCA_SUBJECT);
    const notRoot = parseCertificate(sharedBytes('vectors/real/gmrtd/csca/CSCA_FR_5ba9a2069f34cd93.cer'));
    expect(() => extractVietnamCsca(ML, [notRoot], AT)).toThrow(/not verified/);
  });

  it('without a root, or with the wrong root, the list is an unverified source', () => {
    const none = readMasterList(ML);
    expect(none.verification.verified).toBe(false);
    expect(none.verification.signature.status).toBe('pass');
    expect(none.verification.signerChain.reason).toContain('unverified source');
    const wrong = new TrustStore();
    const r = wrong.importMasterList(ML, { name: 'x', roots: [parseCertificate(sharedBytes('vectors/real/gmrtd/csca/CSCA_US_1b521c065931aaaa.cer'))] });
    expect(r.verification!.signerChain.status).toBe('fail');
    expect(wrong.listCertificates().every((e) => !e.sources[0]!.verified)).toBe(true);
    expect(new TrustStore({ verifiedOnly: true }).findIssuers(ROOT.subject)).toEqual([]);
  });

  it('a corrupted list signature is detected', () => {
    const sig = ml.signedData.signerInfos[0]!.signature;
    const bad = ML.slice();
    let at = -1;
    for (let i = ML.length - sig.length; i >= 0 && at < 0; i--) if (ML[i] === sig[0] && ML[i + 1] === sig[1] && ML[i + 5] === sig[5]) at = i;
    bad[at + 20]! ^= 0x40;
    expect(readMasterList(bad, { roots: [ROOT] }).verification.verified).toBe(false);
  });
});

describe('TrustStore', () => {
  const dir = 'vectors/real/gmrtd/csca';
  const ders = readdirSync(sharedPath(dir)).map((f) => sharedBytes(`${dir}/${f}`));

  it('de-duplicates by fingerprint, merges sources, removes, and round-trips through JSON', () => {
    const ts = new TrustStore();
    for (const d of ders) expect(ts.addCertificate(d, SRC).added).toBe(true);
    expect(ts.addCertificate(ders[0]!, { ...SRC, name: 'again' })).toMatchObject({ added: false });
    expect(ts.listCertificates()).toHaveLength(14);
    const first = ts.listCertificates()[0]!;
    expect(first.sources.map((s) => s.name)).toEqual(['test', 'again']);
    const json = JSON.parse(JSON.stringify(ts.toJSON()));
    const back = TrustStore.fromJSON(json);
    expect(back.listCertificates().map((e) => e.id)).toEqual(ts.listCertificates().map((e) => e.id));
    expect(back.listCertificates()[0]!.sources).toEqual(first.sources);
    expect(back.removeCertificate(first.id)).toBe(true);
    expect(back.listCertificates()).toHaveLength(13);
    expect(back.removeSource('test')).toBe(13);
    expect(() => TrustStore.fromJSON({ format: 'other' })).toThrow(/chipid-truststore/);
  });

  it('finds issuers by subject regardless of RDN order and case, AKI match first', () => {
    const ts = new TrustStore();
    for (const d of ders) ts.addCertificate(d, SRC);
    const reversed = parseName(parseAsn1(encodeName([['CN', 'CSCA-AUSTRIA'], ['OU', 'bmi'], ['O', 'GV'], ['C', 'AT']]), 'n'), 'n');
    const hits = ts.findIssuers(reversed);
    expect(hits).toHaveLength(2);
    const newest = hits.find((c) => c.serialHex === '16DA979699F90356')!;
    expect(ts.findIssuers(reversed, newest.extensions.subjectKeyId)[0]!.serialHex).toBe(hits.find((c) => c.extensions.subjectKeyId && Buffer.from(c.extensions.subjectKeyId).equals(Buffer.from(newest.extensions.subjectKeyId!)))!.serialHex);
  });

  it('imports ICAO PKD LDIF: certificates (folded base64) and an embedded master list', () => {
    const fold = (s: string): string => s.match(/.{1,76}/g)!.join('\n ');
    const entries = ders.slice(0, 3).map((d, i) => `dn: cn=${i},o=CSCA,c=XX,dc=data,dc=download,dc=pkd\nobjectClass: inetOrgPerson\nuserCertificate;binary:: ${fold(base64Encode(d))}\n`);
    entries.push(`dn: cn=ml,o=ML,c=DE,dc=CSCAMasterList,dc=pkd\nCscaMasterListData:: ${fold(base64Encode(ML))}\n`);
    const ldif = `version: 1\n\n${entries.join('\n')}`;
    const ts = new TrustStore();
    const r = ts.importLdif(ldif, { name: 'icaopkd-002.ldif', roots: [ROOT], at: AT });
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(3 + 588);
    expect(ts.listCertificates().length).toBe(r.added);
    const ldifOnly = ts.listCertificates().filter((e) => e.sources.some((s) => s.kind === 'ldif'));
    expect(ldifOnly.length).toBe(3);
    expect(ts.listCertificates().filter((e) => e.sources.some((s) => s.kind === 'masterlist' && s.verified)).length).toBe(588);
  });
});
