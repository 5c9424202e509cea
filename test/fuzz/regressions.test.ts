/**
 * The minimal failing inputs the fuzz properties found (test/fuzz/parsers.test.ts, npm run fuzz), each kept
 * as a regression test beside the fix it led to. See docs/fuzzing.md.
 */
import { describe, expect, it } from 'vitest';
import { parseAsn1, readInt, readOid, readTime } from '../../electron/pki/asn1.js';
import { parseCertificate } from '../../electron/pki/x509.js';
import { ChipIdError } from '../../electron/emrtd/errors.js';
import { bytesToBigInt } from '../../electron/emrtd/bytes.js';
import { tlv, readTlv } from '../../electron/emrtd/tlv.js';
import { derUnsigned } from '../../electron/emrtd/lds/der.js';
import { parseSubjectPublicKeyInfo } from '../../electron/emrtd/lds/spki.js';
import { parseCardAccess } from '../../electron/emrtd/lds/securityinfos.js';
import { parseDg15 } from '../../electron/emrtd/lds/dg15.js';
import { testPki } from '../../electron/devkit/pki-build.js';
import { parseSpki } from '../../electron/pki/algorithms.js';

const enc = new TextEncoder();

/** Runs f and returns the ChipIdError code it threw (or 'returned' / the name of an untyped error). */
function refusal(f: () => unknown): string {
  try {
    f();
    return 'returned';
  } catch (e) {
    return e instanceof ChipIdError ? e.code : e instanceof Error ? e.name : String(e);
  }
}
const run = (n: number, byte: number, last = byte): Uint8Array => {
  const b = new Uint8Array(n).fill(byte);
  b[n - 1] = last;
  return b;
};
const timeNode = (s: string, tag = /^\d{14}/.test(s) ? 0x18 : 0x17) => parseAsn1(Uint8Array.of(tag, s.length, ...enc.encode(s)), 'fuzz');

describe('fuzz regressions', () => {
  // asn1 property, seed 20261203: a certificate whose UTCTime read "202214032246Z" (month 22) was taken
  // as 2021-10-14: impossible dates rolled over into real ones instead of being refused.
  it.each(['202214032246Z', '491301000000Z', '490230000000Z', '490431000000Z', '490101240000Z', '490101006000Z', '490101000060Z', '20491301000000Z', '20490229000000Z', '490101000000+2400', '490101000000+0060'])(
    'readTime refuses the impossible time %s',
    (s) => {
      let err: unknown;
      try {
        readTime(timeNode(s), 'Certificate.validity');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ChipIdError);
      expect((err as ChipIdError).code).toBe('PARSE_ERROR');
    },
  );

  it.each([
    ['480229235959Z', '2048-02-29T23:59:59.000Z'],
    ['20240229000000Z', '2024-02-29T00:00:00.000Z'],
    ['491231235959Z', '2049-12-31T23:59:59.000Z'],
    ['500101000000Z', '1950-01-01T00:00:00.000Z'],
    ['490101000000+0700', '2048-12-31T17:00:00.000Z'],
  ])('readTime still reads the real time %s', (s, iso) => {
    expect(readTime(timeNode(s), 'fuzz').toISOString()).toBe(iso);
  });

  // asn1/x509 properties (runner, hang watchdog): an INTEGER or OID value made a 200 000-byte run by a
  // length-consistent mutation took over 90 s to read (bigint built byte by byte: quadratic). Numbers
  // longer than any key or serial (2 049 bytes = 16 384 bits) and OIDs over 128 bytes are now refused
  // before any arithmetic, and the conversion itself is linear.
  it('readOid refuses an object identifier longer than 128 bytes', () => {
    expect(refusal(() => readOid(parseAsn1(tlv(0x06, run(5000, 0x81, 0x01)), 'x'), 'x'))).toBe('PARSE_ERROR');
    expect(readOid(parseAsn1(tlv(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)), 'x'), 'x')).toBe('1.2.840.113549.1.1.11');
  });
  it('readOid refuses a non-minimal arc (leading 0x80, X.690 §8.19.2)', () => {
    expect(refusal(() => readOid(parseAsn1(tlv(0x06, Uint8Array.of(0x2a, 0x80, 0x86, 0x48)), 'x'), 'x'))).toBe('PARSE_ERROR');
  });
  it('readInt refuses an INTEGER longer than 2 049 bytes and still reads a 16 384-bit one', () => {
    expect(refusal(() => readInt(parseAsn1(tlv(0x02, run(5000, 0x7f)), 'x'), 'x'))).toBe('PARSE_ERROR');
    const big = run(2049, 0x11);
    big[0] = 0x00;
    expect(readInt(parseAsn1(tlv(0x02, big), 'x'), 'x')).toBe(bytesToBigInt(big));
  });
  it('derUnsigned (chip-side DER) refuses an INTEGER longer than 2 049 bytes', () => {
    expect(refusal(() => derUnsigned(readTlv(tlv(0x02, run(5000, 0x01)), 0), 'x'))).toBe('PARSE_ERROR');
  });
  it('bytesToBigInt gives the same value as the byte-by-byte definition', () => {
    const b = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    let x = 0n;
    for (const v of b) x = (x << 8n) | BigInt(v);
    expect(bytesToBigInt(b)).toBe(x);
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bytesToBigInt(Uint8Array.of(0, 0, 1))).toBe(1n);
  });
  it('an RSA key with a public exponent above 2^256 (NIST SP 800-56B) or a modulus above 16 384 bits is refused', () => {
    const rsaSpki = (n: Uint8Array, e: Uint8Array): Uint8Array =>
      tlv(0x30, tlv(0x30, tlv(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)), Uint8Array.of(0x05, 0x00)), tlv(0x03, Uint8Array.of(0), tlv(0x30, tlv(0x02, n), tlv(0x02, e))));
    const n = run(256, 0xc5, 0x01);
    n[0] = 0x00;
    const hugeE = run(300, 0x01, 0x01);
    expect(refusal(() => parseSubjectPublicKeyInfo(rsaSpki(n, hugeE)))).toBe('PARSE_ERROR');
    const hugeN = run(2100, 0x45, 0x01);
    expect(refusal(() => parseSubjectPublicKeyInfo(rsaSpki(hugeN, Uint8Array.of(1, 0, 1))))).toBe('PARSE_ERROR');
    expect(parseSubjectPublicKeyInfo(rsaSpki(n, Uint8Array.of(1, 0, 1))).kind).toBe('rsa');
    // the same bounds in the certificate reader
    expect(refusal(() => parseSpki(parseAsn1(rsaSpki(n, hugeE), 'x'), 'x'))).toBe('PARSE_ERROR');
    expect(refusal(() => parseSpki(parseAsn1(rsaSpki(hugeN, Uint8Array.of(1, 0, 1)), 'x'), 'x'))).toBe('PARSE_ERROR');
    expect(parseSpki(parseAsn1(rsaSpki(n, Uint8Array.of(1, 0, 1)), 'x'), 'x').kind).toBe('rsa');
  });
  it('the test PKI certificates still parse', () => {
    expect(parseCertificate(testPki().csca.der).subject.text).toMatch(/TEST CSCA/);
  });

  // spki and dg15 properties (runner): an empty AlgorithmIdentifier — SEQUENCE { SEQUENCE {}, BIT STRING }
  // — threw "TypeError: Cannot read properties of undefined (reading 'tag')" instead of a parse error.
  it.each([
    ['SubjectPublicKeyInfo with an empty AlgorithmIdentifier', () => parseSubjectPublicKeyInfo(Uint8Array.of(0x30, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00))],
    ['DG15 with an empty AlgorithmIdentifier', () => parseDg15(Uint8Array.of(0x6f, 0x07, 0x30, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00))],
    ['explicit EC parameters with an empty fieldID', () => parseSubjectPublicKeyInfo(tlv(0x30, tlv(0x30, tlv(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01)), tlv(0x30, Uint8Array.of(0x02, 0x01, 0x01), tlv(0x30), tlv(0x30), tlv(0x04, Uint8Array.of(4)), Uint8Array.of(0x02, 0x01, 0x07))), Uint8Array.of(0x03, 0x02, 0x00, 0x04)))],
    ['DH parameters with one element', () => parseSubjectPublicKeyInfo(tlv(0x30, tlv(0x30, tlv(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01)), tlv(0x30, Uint8Array.of(0x02, 0x01, 0x17))), Uint8Array.of(0x03, 0x02, 0x00, 0x02)))],
    ['PACEDomainParameterInfo with an empty AlgorithmIdentifier', () => parseCardAccess(tlv(0x31, tlv(0x30, tlv(0x06, Uint8Array.of(0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02)), tlv(0x30))))],
  ] as [string, () => unknown][])('%s is a PARSE_ERROR, not a TypeError', (_name, f) => {
    expect(refusal(f)).toBe('PARSE_ERROR');
  });
});
