/**
 * One entry point for every signature passive authentication meets: RSA PKCS#1 v1.5, RSASSA-PSS,
 * ECDSA (DER `Ecdsa-Sig-Value`, RFC 5480 §2.2 / RFC 3279 §2.2.3, or plain r||s, BSI TR-03111 §5.2.1)
 * on named and explicit curves. Pure JavaScript: Electron's BoringSSL lacks the brainpool curves.
 * The outcome is a PkiCheck, never an exception.
 */
import { T, child, expectSequence, expectUniversal, parseAsn1 } from './asn1.js';
import { type PublicKey, type SignatureAlgorithm, describeKey } from './algorithms.js';
import { type Curve } from './curves.js';
import { type HashName, hash } from './hash.js';
import { verifyPkcs1, verifyPss } from './rsa.js';
import { type PkiCheck, fail, notPerformed, pass } from './verdict-types.js';

export interface VerifyInput {
  alg: SignatureAlgorithm;
  key: PublicKey;
  /** The signed bytes (TBSCertificate, re-tagged signed attributes, eContent, TBSCertList). */
  data: Uint8Array;
  signature: Uint8Array;
  /** CMS digestAlgorithm, used when the signature algorithm names no hash (rsaEncryption, id-ecPublicKey). */
  digestHash?: HashName;
}

/** Ecdsa-Sig-Value → r||s padded to the order size. Lenient about non-minimal INTEGERs (real documents). */
function derToPlain(sig: Uint8Array, curve: Curve): Uint8Array | undefined {
  try {
    const s = expectSequence(parseAsn1(sig, 'Ecdsa-Sig-Value'), 'Ecdsa-Sig-Value');
    if (s.children.length !== 2) return undefined;
    const L = curve.orderBytes;
    const out = new Uint8Array(2 * L);
    for (let i = 0; i < 2; i++) {
      const n = expectUniversal(child(s, i, 'Ecdsa-Sig-Value'), T.INTEGER, 'Ecdsa-Sig-Value');
      let b = n.content;
      if (b.length === 0 || b[0]! & 0x80) return undefined; // negative
      while (b.length > 0 && b[0] === 0) b = b.subarray(1);
      if (b.length > L) return undefined;
      out.set(b, (i + 1) * L - b.length);
    }
    return out;
  } catch {
    return undefined;
  }
}

function verifyEcdsa(curve: Curve, point: Uint8Array, digest: Uint8Array, signature: Uint8Array, plain: boolean): { ok: boolean; note: string } {
  let compact: Uint8Array | undefined;
  let note = '';
  if (plain) compact = signature.length === 2 * curve.orderBytes ? signature : undefined;
  else {
    compact = derToPlain(signature, curve);
    if (!compact && signature.length === 2 * curve.orderBytes) {
      compact = signature; // 9303 documents with plain r||s under an X9.62 OID
      note = ' (plain r||s under a DER algorithm identifier)';
    }
  }
  if (!compact) return { ok: false, note: ' (signature encoding malformed)' };
  try {
    return { ok: curve.ecdsa.verify(compact, digest, point, { prehash: false, lowS: false, format: 'compact' }), note };
  } catch {
    return { ok: false, note: ' (signature or key rejected)' };
  }
}

/** Verifies one signature and says why it passed or failed. */
export function verifySignature(input: VerifyInput): PkiCheck {
  const { alg, key, data, signature } = input;
  const label = `${alg.name} / ${describeKey(key)}`;
  if (alg.kind === 'unknown') return notPerformed(`signature algorithm ${alg.oid} not supported`, label);
  if (key.kind === 'unknown') return notPerformed(key.unsupported, label);
  if (alg.kind === 'ecdsa') {
    if (key.kind !== 'ec') return fail(`ECDSA signature but the key is ${describeKey(key)}`, label);
    if (!key.curve) return notPerformed(`EC key not usable: ${key.unsupported ?? 'unknown curve'}`, label);
    const h = alg.hash ?? input.digestHash;
    if (!h) return notPerformed('no hash algorithm for the ECDSA signature', label);
    const { ok, note } = verifyEcdsa(key.curve, key.point, hash(h, data), signature, alg.plain);
    return ok ? pass(`ECDSA signature valid${note}`, label) : fail(`ECDSA signature invalid${note}`, label);
  }
  if (key.kind !== 'rsa') return fail(`RSA signature but the key is ${describeKey(key)}`, label);
  if (alg.kind === 'rsa-pss') {
    const r = verifyPss(key.n, key.e, alg, data, signature);
    return r.ok ? pass('RSASSA-PSS signature valid', label) : fail(`RSASSA-PSS signature invalid: ${r.why}`, label);
  }
  const h = alg.hash ?? input.digestHash;
  if (!h) return notPerformed('no hash algorithm for the RSA signature', label);
  const r = verifyPkcs1(key.n, key.e, h, data, signature);
  return r.ok ? pass('RSA PKCS#1 v1.5 signature valid', label) : fail(`RSA PKCS#1 v1.5 signature invalid: ${r.why}`, label);
}

/** r||s → DER Ecdsa-Sig-Value (for callers that must emit X9.62 signatures). */
export function plainToDer(plain: Uint8Array): Uint8Array {
  const L = plain.length / 2;
  const enc = (b: Uint8Array): number[] => {
    let s = 0;
    while (s < b.length - 1 && b[s] === 0) s++;
    const v = Array.from(b.subarray(s));
    if (v[0]! & 0x80) v.unshift(0);
    return [0x02, ...lenBytes(v.length), ...v];
  };
  const body = [...enc(plain.subarray(0, L)), ...enc(plain.subarray(L))];
  return Uint8Array.from([0x30, ...lenBytes(body.length), ...body]);
}

function lenBytes(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}
