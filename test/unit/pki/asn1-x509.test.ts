/**
 * DER/BER reader, certificate parsing and signature primitives. Certificate fields are compared with
 * `openssl x509` output; BER indefinite lengths are produced by re-encoding a real SOD.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Asn1, parseAsn1, readOid, readInt, readTime } from '../../../electron/pki/asn1.js';
import { base64Decode, base64Encode } from '../../../electron/pki/b64.js';
import { toAlpha2 } from '../../../electron/pki/country.js';
import { curveByName, curveFromParams } from '../../../electron/pki/curves.js';
import { oid as derOid, int as derInt, time as derTime } from '../../../electron/pki/der.js';
import { parseSignatureAlgorithm } from '../../../electron/pki/algorithms.js';
import { verifySignature } from '../../../electron/pki/signature.js';
import { unwrapSod, verifySod } from '../../../electron/pki/sod.js';
import { parseCertificate } from '../../../electron/pki/x509.js';
import { ParseError } from '../../../electron/emrtd/errors.js';
import { concat, toHex } from '../../../electron/emrtd/bytes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sharedBytes, sharedPath } from '../../helpers/shared.js';
import { OPENSSL_AVAILABLE, opensslX509 } from './openssl.js';

/** Re-encodes every constructed node with indefinite length (X.690 §8.1.3.6) and splits OCTET STRINGs of eContent. */
function toIndefinite(n: Asn1, splitOctets: (n: Asn1) => boolean): Uint8Array {
  if (!n.constructed) {
    if (splitOctets(n)) {
      const half = n.content.length >> 1;
      const part = (b: Uint8Array): Uint8Array => concat(Uint8Array.of(0x04), lenOf(b.length), b);
      return concat(Uint8Array.of(0x24, 0x80), part(n.content.subarray(0, half)), part(n.content.subarray(half)), Uint8Array.of(0, 0));
    }
    return n.raw;
  }
  const id = n.raw.subarray(0, n.raw.length - n.content.length - (n.indefinite ? 2 : 0));
  return concat(Uint8Array.of(id[0]!), Uint8Array.of(0x80), ...n.children.map((c) => toIndefinite(c, splitOctets)), Uint8Array.of(0, 0));
}
function lenOf(n: number): Uint8Array {
  return n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
}

describe('ASN.1 reader', () => {
  it('reads OIDs, INTEGERs and times as encoded by the DER writer', () => {
    expect(readOid(parseAsn1(derOid('1.3.36.3.3.2.8.1.1.13'), 't'), 't')).toBe('1.3.36.3.3.2.8.1.1.13');
    expect(readOid(parseAsn1(Uint8Array.of(0x06, 0x03, 0x55, 0x04, 0x03), 't'), 't')).toBe('2.5.4.3');
    expect(readInt(parseAsn1(Uint8Array.of(0x02, 0x01, 0xff), 't'), 't')).toBe(-1n);
    expect(readInt(parseAsn1(derInt(0x80n), 't'), 't')).toBe(128n);
    expect(readTime(parseAsn1(derTime(new Date('2049-12-31T23:59:59Z')), 't'), 't').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(parseAsn1(derTime(new Date('2050-01-01T00:00:00Z')), 't'), 't').toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });

  it.each([
    ['length beyond the data', [0x30, 0x05, 0x02, 0x01]],
    ['indefinite without end-of-contents', [0x30, 0x80, 0x02, 0x01, 0x00]],
    ['indefinite on a primitive', [0x04, 0x80, 0x00, 0x00]],
    ['5-byte length', [0x04, 0x85, 1, 0, 0, 0, 0]],
    ['trailing bytes', [0x05, 0x00, 0x00]],
    ['empty', []],
  ])('rejects %s with a ParseError', (_name, bytes) => {
    expect(() => parseAsn1(Uint8Array.from(bytes), 'test')).toThrow(ParseError);
  });

  it('rejects absurd nesting depth', () => {
    let b: Uint8Array = Uint8Array.of(0x05, 0x00);
    for (let i = 0; i < 60; i++) b = concat(Uint8Array.of(0x30, 0x80), b, Uint8Array.of(0, 0));
    expect(() => parseAsn1(b, 'deep')).toThrow(/too deep/);
  });

  it('a real SOD re-encoded with BER indefinite lengths and a constructed eContent still verifies', () => {
    const ci = unwrapSod(sharedBytes('vectors/real/gmrtd/SOD_FR.bin'));
    const root = parseAsn1(ci, 'sod');
    // certificates and signerInfos keep their DER (signatures cover it); the rest becomes indefinite-length BER
    const sd = root.children[1]!.children[0]!;
    const rebuilt = concat(
      Uint8Array.of(0x30, 0x80),
      root.children[0]!.raw,
      Uint8Array.of(0xa0, 0x80, 0x30, 0x80),
      sd.children[0]!.raw,
      sd.children[1]!.raw,
      toIndefinite(sd.children[2]!, (n) => n.tagNo === 4 && n.content.length > 100),
      ...sd.children.slice(3).map((c) => c.raw),
      Uint8Array.of(0, 0, 0, 0, 0, 0),
    );
    expect(rebuilt.length).toBeGreaterThan(ci.length);
    const r = verifySod(concat(Uint8Array.of(0x77, 0x82, rebuilt.length >> 8, rebuilt.length & 0xff), rebuilt), { dataGroups: new Map() });
    expect(r.signature.status).toBe('pass');
    expect(r.signedAttributes.status).toBe('pass');
    expect([...r.lds.hashes.keys()]).toEqual([1, 2, 3, 11, 12, 13, 14]);
  });

  it('base64 round trip', () => {
    for (const n of [0, 1, 2, 3, 100]) {
      const b = sha256(Uint8Array.of(n)).subarray(0, n % 33);
      expect(base64Decode(base64Encode(b))).toEqual(b);
    }
    expect(base64Encode(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
    expect(() => base64Decode('ab$d')).toThrow(ParseError);
  });
});

describe('X.509', () => {
  const dir = 'vectors/real/gmrtd/csca';
  for (const f of readdirSync(sharedPath(dir))) {
    it(`${f}: fields agree with openssl x509`, () => {
      const der = sharedBytes(`${dir}/${f}`);
      const c = parseCertificate(der);
      if (!OPENSSL_AVAILABLE) return console.warn('openssl not found: fields not cross-checked');
      const out = opensslX509(der, ['-serial', '-dates', '-subject', '-nameopt', 'RFC2253', '-fingerprint', '-sha256']);
      expect(out).toContain(`serial=${c.serialHex}`);
      expect(out).toContain(`sha256 Fingerprint=${c.fingerprint.match(/../g)!.join(':')}`);
      const nb = new Date(/notBefore=(.*)/.exec(out)![1]!);
      expect(c.notBefore.getTime()).toBe(nb.getTime());
      const subj = /subject=(.*)/.exec(out)![1]!;
      expect(subj).toBe(c.subject.rdns.map((r) => r.map((a) => `${a.short}=${a.value}`).join('+')).reverse().join(','));
      expect(c.extensions.keyUsage?.keyCertSign).toBe(true);
    });
  }

  it('explicit EC parameters resolve to the named curve they equal; foreign parameters build a new curve', () => {
    const de = parseCertificate(sharedBytes(`${dir}/CSCA_DE_66b09a816ff5c76d.cer`));
    expect(de.publicKey.kind === 'ec' && de.publicKey.explicitParams).toBe(true);
    expect(de.publicKey.kind === 'ec' && de.publicKey.curve).toBe(curveByName('brainpoolP512r1'));
    // a curve that is not named: secp256k1-like parameters (y^2 = x^3 + 7)
    const k1 = curveFromParams({
      p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
      a: 0n,
      b: 7n,
      Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
      Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
      n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
      h: 1n,
    });
    expect(k1.name).toBeUndefined();
    const sk = new Uint8Array(32).fill(7);
    const digest = sha256(Uint8Array.of(1, 2, 3));
    const sig = k1.ecdsa.sign(digest, sk, { prehash: false });
    expect(k1.ecdsa.verify(sig, digest, k1.ecdsa.getPublicKey(sk, false), { prehash: false })).toBe(true);
  });

  it('ECDSA plain r||s (BSI TR-03111) verifies under the plain OID, and a wrong hash fails', () => {
    const c = curveByName('brainpoolP256r1');
    const sk = new Uint8Array(32).fill(3);
    const pub = c.ecdsa.getPublicKey(sk, false);
    const data = Uint8Array.of(9, 9, 9);
    const sig = c.ecdsa.sign(sha256(data), sk, { prehash: false, lowS: false });
    const key = { kind: 'ec', curve: c, curveName: 'brainpoolP256r1', explicitParams: false, point: pub, bits: 256 } as const;
    const plainAlg = parseSignatureAlgorithm(parseAsn1(Uint8Array.from([0x30, 0x0c, ...derOid('0.4.0.127.0.7.1.1.4.1.3')]), 'a'), 'a');
    expect(verifySignature({ alg: plainAlg, key, data, signature: sig }).status).toBe('pass');
    const sha384Alg = parseSignatureAlgorithm(parseAsn1(Uint8Array.from([0x30, 0x0a, ...derOid('1.2.840.10045.4.3.3')]), 'a'), 'a');
    expect(verifySignature({ alg: sha384Alg, key, data, signature: sig }).status).toBe('fail');
    expect(toHex(sig).length).toBe(128);
  });

  it('maps MRZ issuing states to certificate countries', () => {
    expect(toAlpha2('VNM')).toBe('VN');
    expect(toAlpha2('D<<')).toBe('DE');
    expect(toAlpha2('GBD')).toBe('GB');
    expect(toAlpha2('vn')).toBe('VN');
    expect(toAlpha2('XXX')).toBeUndefined();
  });
});
