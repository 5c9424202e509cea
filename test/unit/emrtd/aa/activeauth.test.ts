import { describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { icaoVectors, h } from '../../../helpers/shared.js';
import { concat, toHex } from '../../../../electron/emrtd/bytes.js';
import type { CommandApdu, ResponseApdu } from '../../../../electron/emrtd/apdu.js';
import { SecureMessaging } from '../../../../electron/emrtd/sm.js';
import { sha1 } from '../../../../electron/emrtd/crypto/legacy.js';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.js';
import { OID } from '../../../../electron/emrtd/lds/oids.js';
import { standardDomain, type EcDomain } from '../../../../electron/emrtd/pace/params.js';
import { parseRepresentative, verifyIso9796Rsa } from '../../../../electron/emrtd/aa/iso9796.js';
import {
  ActiveAuthResponder,
  performActiveAuthentication,
  verifyActiveAuthentication,
  verifyEcdsa,
} from '../../../../electron/emrtd/aa/activeauth.js';
import type { PublicKeyInfo } from '../../../../electron/emrtd/lds/spki.js';
import { scriptedRng, seededRng } from '../pace/script.js';

describe('ISO/IEC 9796-2 scheme 1', () => {
  it('9303-11 App. F: F = 6A ‖ M1 ‖ H ‖ BC, H = SHA-1(M1 ‖ RND.IFD), c = 852 bits', () => {
    const v = icaoVectors().aa.icaoAppendixF;
    const r = parseRepresentative(h(v.F));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.hash).toBe('SHA-1');
    expect(toHex(r.value.m1)).toBe(v.M1);
    expect(toHex(r.value.h)).toBe(v.H);
    expect(r.value.m1.length * 8 + 4).toBe(v.c);
    expect(toHex(concat(r.value.m1, h(v.rndIFD)))).toBe(v.Mstar);
    expect(toHex(sha1(h(v.Mstar)))).toBe(v.H);
  });

  it('pymrtd real passport RSA-1024 SHA-1: four challenges verify and recover the listed M1', () => {
    const v = icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1;
    const key = parseDg15(h(v.dg15)).publicKey;
    if (key.kind !== 'rsa') throw new Error('shape');
    for (const c of v.cases as { challenge: string; signature: string; M1: string }[]) {
      const r = verifyIso9796Rsa(key.n, key.e, h(c.signature), h(c.challenge));
      if (!r.ok) throw new Error(r.reason);
      expect(toHex(r.value.m1)).toBe(c.M1);
      expect(verifyActiveAuthentication(key, h(c.challenge), h(c.signature)).status).toBe('pass');
      // wrong challenge, flipped signature bit → fail
      expect(verifyActiveAuthentication(key, h('0000000000000000'), h(c.signature)).status).toBe('fail');
      const bad = h(c.signature);
      bad[10]! ^= 1;
      expect(verifyActiveAuthentication(key, h(c.challenge), bad).status).toBe('fail');
    }
  });

  it('hostile signatures → fail with a reason (zero, ≥ n, too long, empty)', () => {
    const key = parseDg15(h(icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1.dg15)).publicKey;
    for (const s of ['00'.repeat(128), 'FF'.repeat(128), '01'.repeat(129), '']) {
      const r = verifyActiveAuthentication(key, h('0102030405060708'), h(s));
      expect(r.status).toBe('fail');
      expect(r.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('performActiveAuthentication', () => {
  it('gmrtd real passport RSA-1792 SHA-256 (trailer 34CC) under 3DES SM: APDU byte for byte, pass', async () => {
    const v = icaoVectors().realSessions.gmrtd_AA_RSA1792_SHA256;
    const sm = new SecureMessaging({ suite: '3DES', ksEnc: h(v.smBefore.ksEnc), ksMac: h(v.smBefore.ksMac), ssc: h(v.smBefore.ssc) });
    const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      expect(toHex(sm.wrapCommand(cmd))).toBe(v.protectedCommand);
      return sm.unwrapResponse(h(v.protectedResponse));
    };
    const key = parseDg15(h(v.dg15)).publicKey;
    const r = await performActiveAuthentication(transceive, key, scriptedRng(v.rndIFD));
    expect(r).toMatchObject({ status: 'pass', algorithm: 'RSA-1792/ISO9796-2-SHA-256' });
    expect(toHex(sm.ssc)).toBe(v.sscAfter);
  });

  it('chip errors and tampering are verdicts, not exceptions', async () => {
    const key = parseDg15(h(icaoVectors().realSessions.gmrtd_AA_RSA1792_SHA256.dg15)).publicKey;
    const sw = (s: number) => async (): Promise<ResponseApdu> => ({ data: new Uint8Array(0), sw: s });
    expect((await performActiveAuthentication(sw(0x6982), key, seededRng(1))).status).toBe('fail');
    expect((await performActiveAuthentication(async () => ({ data: new Uint8Array(224), sw: 0x9000 }), key, seededRng(1))).status).toBe('fail');
    expect((await performActiveAuthentication(sw(0x9000), undefined, seededRng(1))).status).toBe('not_performed');
  });
});

describe('ECDSA Active Authentication', () => {
  const bp = standardDomain(13) as EcDomain;
  const sk = h('0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20');
  const pub = brainpoolP256r1.getPublicKey(sk, false);
  const key: PublicKeyInfo = { kind: 'ec', domain: bp, encoding: { form: 'named', curveOid: '1.3.36.3.3.2.8.1.1.7' }, point: pub };
  const challenge = h('F173589974BF40C6');

  it('verifies signatures made by @noble/curves (plain r‖s and DER), rejects others', () => {
    const plain = brainpoolP256r1.sign(sha256(challenge), sk, { prehash: false, lowS: false });
    expect(verifyEcdsa(bp, pub, 'SHA-256', challenge, plain).ok).toBe(true);
    const der = brainpoolP256r1.sign(sha256(challenge), sk, { prehash: false, format: 'der' });
    expect(verifyActiveAuthentication(key, challenge, der).status).toBe('pass');
    const bad = plain.slice();
    bad[40]! ^= 0x80;
    expect(verifyEcdsa(bp, pub, 'SHA-256', challenge, bad).ok).toBe(false);
    expect(verifyEcdsa(bp, pub, 'SHA-256', h('0000000000000000'), plain).ok).toBe(false);
    expect(verifyActiveAuthentication(key, challenge, plain.slice(0, 63)).status).toBe('fail');
  });

  it('hash from ActiveAuthenticationInfo (ecdsa-plain-SHA384 on P-384) and unknown algorithm → fail', () => {
    const p = standardDomain(15) as EcDomain;
    const sk384 = new Uint8Array(48).fill(7);
    const pub384 = p384.getPublicKey(sk384, false);
    const k384: PublicKeyInfo = { kind: 'ec', domain: p, encoding: { form: 'named', curveOid: '1.3.132.0.34' }, point: pub384 };
    const sig = p384.sign(sha384(challenge), sk384, { prehash: false });
    const aaInfo = { type: 'ActiveAuthenticationInfo' as const, oid: OID.idAA, version: 1, signatureAlgorithm: OID.ecdsaPlainSha384 };
    expect(verifyActiveAuthentication(k384, challenge, sig, { aaInfo }).status).toBe('pass');
    expect(verifyActiveAuthentication(k384, challenge, sig).status).toBe('pass'); // default by key size: SHA-384
    expect(verifyActiveAuthentication(k384, challenge, sig, { aaInfo: { ...aaInfo, signatureAlgorithm: '1.2.3' } }).status).toBe('fail');
  });

  it('ActiveAuthResponder ECDSA ↔ performActiveAuthentication; noble verifies the responder signature too', async () => {
    const d = BigInt('0x' + toHex(sk));
    const chip = new ActiveAuthResponder({ kind: 'ec', domain: bp, d, hash: 'SHA-256' }, seededRng(9));
    const t = async (cmd: CommandApdu): Promise<ResponseApdu> => chip.handle(cmd);
    expect((await performActiveAuthentication(t, key, seededRng(2))).status).toBe('pass');
    const sig = chip.handle({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: challenge }).data;
    expect(brainpoolP256r1.verify(sig, sha256(challenge), pub, { prehash: false, lowS: false })).toBe(true);
    expect(chip.handle({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: h('0102') }).sw).toBe(0x6a80);
  });
});

describe('ActiveAuthResponder RSA (forge key)', () => {
  const prng = forge.random.createInstance();
  prng.seedFileSync = () => 'chipid-kiosk-aa-test-seed';
  const kp = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001, prng });
  const n = BigInt(`0x${kp.privateKey.n.toString(16)}`);
  const d = BigInt(`0x${kp.privateKey.d.toString(16)}`);
  const pk: PublicKeyInfo = { kind: 'rsa', n, e: 65537n };
  for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
    it(`ISO 9796-2 with ${hash}: round trip passes; the wrong key fails`, async () => {
      const chip = new ActiveAuthResponder({ kind: 'rsa', n, d, hash }, seededRng(4));
      const t = async (cmd: CommandApdu): Promise<ResponseApdu> => chip.handle(cmd);
      const r = await performActiveAuthentication(t, pk, seededRng(8));
      expect(r.status).toBe('pass');
      expect(r.algorithm).toBe(`RSA-1024/ISO9796-2-${hash}`);
      const other = parseDg15(h(icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1.dg15)).publicKey;
      expect((await performActiveAuthentication(t, other, seededRng(8))).status).toBe('fail');
    });
  }
});
