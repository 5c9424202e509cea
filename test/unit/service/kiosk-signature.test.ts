/**
 * The kiosk's signing of documents (service/kiosk-signature.ts), checked against an independent Ed25519
 * (OpenSSL through node:crypto): the same public key from the same seed, signatures OpenSSL accepts, the
 * PEM and key id an auditor gets from `openssl pkey`. The canonical bytes are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import fc from 'fast-check';
import {
  canonicalJson,
  checkDocumentSignature,
  kioskSigningKey,
  parseKioskPublicKey,
  publicKeyPem,
  signDocument,
  signedBytes,
  SIGNATURE_CONTEXT,
} from '../../../electron/service/kiosk-signature.js';
import { isChipIdError } from '../../../electron/emrtd/errors.js';

const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const key = kioskSigningKey(seed, 'test kiosk');
// PKCS#8 for an Ed25519 seed (RFC 8410 §7), so OpenSSL derives the key on its own.
const opensslPrivate = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
const opensslPublic = createPublicKey(opensslPrivate);

describe('kiosk signature', () => {
  it('the public key, its PEM and key id are what OpenSSL derives from the same seed', () => {
    const der = opensslPublic.export({ type: 'spki', format: 'der' });
    expect(Buffer.from(key.publicKey).toString('hex')).toBe(der.subarray(-32).toString('hex'));
    expect(publicKeyPem(key.publicKey)).toBe(opensslPublic.export({ type: 'spki', format: 'pem' }));
    expect(key.keyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
  });

  it('OpenSSL verifies the signature over the context label and the canonical JSON without `signature`', () => {
    const doc = { format: 'test/1', b: [1, 'two', null, true], a: { z: 'ế', y: 0.5 } };
    const s = signDocument(doc, key);
    const bytes = Buffer.from(`${SIGNATURE_CONTEXT}{"a":{"y":0.5,"z":"ế"},"b":[1,"two",null,true],"format":"test/1"}`, 'utf8');
    expect(Buffer.from(signedBytes(s))).toEqual(bytes);
    expect(verify(null, bytes, opensslPublic, Buffer.from(s.signature.value, 'base64'))).toBe(true);
    expect(checkDocumentSignature(s, s.signature, [key])).toMatchObject({ status: 'trusted', keyId: key.keyId, label: 'test kiosk' });
    expect(checkDocumentSignature(s, s.signature, [])).toMatchObject({ status: 'untrusted', keyId: key.keyId });
    expect(checkDocumentSignature(doc, undefined, [key]).status).toBe('absent');
  });

  it('any change to a signed document breaks the signature (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }), fc.jsonValue({ maxDepth: 1 }), fc.nat(), (doc, value, pick) => {
        const s = signDocument(doc, key);
        const keys = Object.keys(doc);
        const k = keys[pick % keys.length]!;
        const changed = { ...s, [k]: value };
        const same = canonicalJson(doc[k]) === canonicalJson(value);
        expect(checkDocumentSignature(changed, s.signature, [key]).status).toBe(same ? 'trusted' : 'invalid');
      }),
      { numRuns: 60 },
    );
  });

  it('canonical JSON does not depend on key order and refuses what is not JSON', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(canonicalJson({ '\u00e9': 1, e: 2, E: 3 })).toBe('{"E":3,"e":2,"é":1}');
    for (const bad of [{ a: undefined }, { a: Number.NaN }, { a: () => 1 }, 1n]) expect(() => canonicalJson(bad)).toThrow(/canonical JSON/);
  });

  it('a public key file is the PEM or the JSON of chipid keys public; anything else is TRUST_FILE_INVALID', () => {
    const pem = publicKeyPem(key.publicKey);
    expect(parseKioskPublicKey(pem, 'k.pem').keyId).toBe(key.keyId);
    expect(parseKioskPublicKey(JSON.stringify({ publicKey: Buffer.from(key.publicKey).toString('base64') }), 'k.json').keyId).toBe(key.keyId);
    const rsaPem = createPublicKey(createPrivateKey({ key: opensslPrivate.export({ format: 'pem', type: 'pkcs8' }) })).export({ type: 'spki', format: 'pem' }).toString().replace('MCowBQYDK2Vw', 'MCowBQYDK2Vx');
    for (const bad of ['', 'hello', '{"publicKey":5}', '{"publicKey":"AAAA"}', rsaPem]) {
      let err: unknown;
      try {
        parseKioskPublicKey(bad, 'bad');
      } catch (e) {
        err = e;
      }
      expect(isChipIdError(err) && err.code).toBe('TRUST_FILE_INVALID');
    }
  });
});
