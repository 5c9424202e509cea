/**
 * The kiosk's signature on what it hands out (saved reads today, bank receipts next): Ed25519 over a
 * deterministic serialisation of the document, so a verifier elsewhere can tell "this kiosk said so" from
 * "somebody edited the file".
 *
 * Envelope: the document's own fields plus `signature: { algorithm: 'Ed25519', keyId, publicKey, value }`.
 * Signed bytes = SIGNATURE_CONTEXT ‖ canonicalJson(document without `signature`): object keys sorted by
 * UTF-16 code units, no whitespace, strings and numbers as JSON.stringify writes them (RFC 8785 style).
 * The document names its own format (`format: 'chipid-dump/2'`), so one signature cannot pass for another
 * kind of document. keyId = the first 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo (DER),
 * what `openssl pkey -pubin -outform DER | sha256sum` prints for the PEM of `chipid keys public`.
 * The public key travels in the envelope only to tell a broken signature from an unknown signer: trust
 * comes from the verifier's own list of keys, never from the envelope.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ChipIdError } from '../emrtd/errors.js';
import { openSecrets } from './secrets.js';

export const SIGNATURE_CONTEXT = 'chipid-kiosk-signature/1\n';
export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface KioskSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyId: string;
  /** base64 of the 32-byte Ed25519 public key. */
  publicKey: string;
  /** base64 of the 64-byte signature. */
  value: string;
}

export interface KioskPublicKey {
  publicKey: Uint8Array;
  keyId: string;
  /** Where the verifier got it: "this kiosk" or the --kiosk-key file name. */
  label: string;
}

export interface KioskSigningKey extends KioskPublicKey {
  sign(message: Uint8Array): Uint8Array;
}

export type SignatureCheck =
  | { status: 'absent'; reason: string }
  | { status: 'invalid'; reason: string; keyId?: string }
  | { status: 'untrusted'; reason: string; keyId: string }
  | { status: 'trusted'; reason: string; keyId: string; label: string };

// SubjectPublicKeyInfo { AlgorithmIdentifier { id-Ed25519 (1.3.101.112) }, BIT STRING } (RFC 8410 §4).
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const KEY_BYTES = 32;
const SIG_BYTES = 64;

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** base64 that decodes to exactly `len` bytes and is written the one canonical way; else undefined. */
function strictB64(s: string, len: number): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const bytes = new Uint8Array(Buffer.from(s, 'base64'));
  return bytes.length === len && b64(bytes) === s ? bytes : undefined;
}

export function spkiDer(publicKey: Uint8Array): Uint8Array {
  const der = new Uint8Array(SPKI_PREFIX.length + publicKey.length);
  der.set(SPKI_PREFIX, 0);
  der.set(publicKey, SPKI_PREFIX.length);
  return der;
}

export function keyIdOf(publicKey: Uint8Array): string {
  return hex(sha256(spkiDer(publicKey))).slice(0, 16);
}

export function publicKeyPem(publicKey: Uint8Array): string {
  const body = b64(spkiDer(publicKey)).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PUBLIC KEY-----\n${body}-----END PUBLIC KEY-----\n`;
}

/** The kiosk's signing key from `signingSeed` (secrets.ts). */
export function kioskSigningKey(signingSeed: Uint8Array, label = 'this kiosk'): KioskSigningKey {
  if (signingSeed.length !== KEY_BYTES) throw new ChipIdError('INTERNAL', 'signing seed must be 32 bytes');
  const seed = Uint8Array.from(signingSeed);
  const publicKey = ed25519.getPublicKey(seed);
  return { publicKey, keyId: keyIdOf(publicKey), label, sign: (m) => ed25519.sign(m, seed) };
}

/** This installation's signing key (the master key in the key directory, see secrets.ts). */
export function thisKioskSigningKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): KioskSigningKey {
  return kioskSigningKey(openSecrets({ dataDir, env }).signingSeed);
}

/** Reads a public key file: the PEM of `chipid keys public`, or its `--json` output. */
export function parseKioskPublicKey(text: string, label: string): KioskPublicKey {
  const bad = (why: string): ChipIdError => new ChipIdError('TRUST_FILE_INVALID', `--kiosk-key ${label}: ${why}`);
  let raw: Uint8Array | undefined;
  const pem = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(text);
  if (pem) {
    const der = strictB64(pem[1]!.replace(/\s+/g, ''), SPKI_PREFIX.length + KEY_BYTES);
    if (!der || !SPKI_PREFIX.every((b, i) => der[i] === b)) throw bad('the PEM is not an Ed25519 public key');
    raw = der.subarray(SPKI_PREFIX.length);
  } else {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch {
      throw bad('neither a PEM public key nor the JSON of chipid keys public');
    }
    const pk = j && typeof j === 'object' ? (j as Record<string, unknown>).publicKey : undefined;
    raw = typeof pk === 'string' ? strictB64(pk, KEY_BYTES) : undefined;
    if (!raw) throw bad('"publicKey" must be the base64 of a 32-byte Ed25519 key');
  }
  const publicKey = Uint8Array.from(raw);
  return { publicKey, keyId: keyIdOf(publicKey), label };
}

/** Deterministic JSON (sorted keys, no whitespace); only JSON values, finite numbers, no undefined. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ChipIdError('INTERNAL', 'canonical JSON: non-finite number');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  throw new ChipIdError('INTERNAL', `canonical JSON: ${typeof v} is not a JSON value`);
}

/** The bytes a signature covers: the context label and the document without its `signature`. */
export function signedBytes(doc: object): Uint8Array {
  const rest: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  delete rest.signature;
  return new TextEncoder().encode(SIGNATURE_CONTEXT + canonicalJson(rest));
}

export function signDocument<T extends object>(doc: T, key: KioskSigningKey): Omit<T, 'signature'> & { signature: KioskSignature } {
  const rest: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  delete rest.signature;
  const value = key.sign(signedBytes(rest));
  return { ...(rest as Omit<T, 'signature'>), signature: { algorithm: SIGNATURE_ALGORITHM, keyId: key.keyId, publicKey: b64(key.publicKey), value: b64(value) } };
}

/** Checks a document's signature; trusted only when its key is one of `trusted` (by key bytes). */
export function checkDocumentSignature(doc: object, sig: KioskSignature | undefined, trusted: readonly KioskPublicKey[]): SignatureCheck {
  if (!sig) return { status: 'absent', reason: 'the dump carries no kiosk signature' };
  if (sig.algorithm !== SIGNATURE_ALGORITHM) return { status: 'invalid', reason: `unsupported signature algorithm ${JSON.stringify(sig.algorithm).slice(0, 40)}` };
  const publicKey = strictB64(sig.publicKey, KEY_BYTES);
  const value = strictB64(sig.value, SIG_BYTES);
  if (!publicKey || !value) return { status: 'invalid', reason: 'the signature or its public key is not well-formed base64 of the right length' };
  const keyId = keyIdOf(publicKey);
  if (keyId !== sig.keyId) return { status: 'invalid', reason: 'the key id does not match the public key in the signature', keyId };
  let ok = false;
  try {
    ok = ed25519.verify(value, signedBytes(doc), publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) return { status: 'invalid', reason: `kiosk signature (key ${keyId}) does not verify: the dump was changed after it was signed`, keyId };
  const known = trusted.find((k) => k.keyId === keyId && hex(k.publicKey) === hex(publicKey));
  if (!known) return { status: 'untrusted', reason: `signed by kiosk key ${keyId}, which is not trusted here (give its public key with --kiosk-key)`, keyId };
  return { status: 'trusted', reason: `signed by kiosk key ${keyId} (${known.label}); signature valid`, keyId, label: known.label };
}
