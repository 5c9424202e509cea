/**
 * Active Authentication, 9303-11 §6.1: INTERNAL AUTHENTICATE (00 88 00 00) with a fresh 8-byte RND.IFD; the chip
 * signs with its DG15 key. RSA: ISO/IEC 9796-2 scheme 1 (iso9796.ts). ECDSA (§6.1.2.3): plain r ‖ s per TR-03111
 * (DER accepted too), hash from ActiveAuthenticationInfo (DG14), else by key size (largest SHA-2 not longer than
 * the key). The outcome is data: pass / fail / not_performed with a reason. Also the chip side for the virtual card.
 */
import { bigIntToBytes, bytesToBigInt, type Rng } from '../bytes.js';
import { SW, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { isChipIdError } from '../errors.js';
import type { Transceive } from '../transceive.js';
import { OID } from '../lds/oids.js';
import type { ActiveAuthenticationInfo } from '../lds/securityinfos.js';
import type { PublicKeyInfo } from '../lds/spki.js';
import { readTlv } from '../tlv.js';
import { groupFor, isEcGroup, modInv } from '../pace/group.js';
import type { EcDomain } from '../pace/params.js';
import type { CheckResult } from '../pace/cam.js';
import { HASHES, signIso9796Rsa, verifyIso9796Rsa, type AaHash } from './iso9796.js';

export type AaResult = CheckResult;
/** The outcome plus what it was computed from, so a saved read can re-prove it offline (9303-11 §6.1). */
export type AaEvidence = AaResult & { challenge?: Uint8Array; signature?: Uint8Array };

const ECDSA_HASH_BY_OID: Record<string, AaHash> = {
  [OID.ecdsaPlainSha1]: 'SHA-1',
  [OID.ecdsaPlainSha224]: 'SHA-224',
  [OID.ecdsaPlainSha256]: 'SHA-256',
  [OID.ecdsaPlainSha384]: 'SHA-384',
  [OID.ecdsaPlainSha512]: 'SHA-512',
  [OID.ecdsaWithSha1]: 'SHA-1',
  [OID.ecdsaWithSha224]: 'SHA-224',
  [OID.ecdsaWithSha256]: 'SHA-256',
  [OID.ecdsaWithSha384]: 'SHA-384',
  [OID.ecdsaWithSha512]: 'SHA-512',
};

/** §6.1.2.3: a hash no longer than the key; default = the largest SHA-2 that fits. */
export function defaultEcdsaHash(fieldBits: number): AaHash {
  if (fieldBits >= 512) return 'SHA-512';
  if (fieldBits >= 384) return 'SHA-384';
  if (fieldBits >= 256) return 'SHA-256';
  return 'SHA-224';
}

/** Splits an ECDSA signature: plain r ‖ s (2·|n| bytes) or DER SEQUENCE { r, s }. */
function ecdsaRs(sig: Uint8Array, orderLen: number): { r: bigint; s: bigint } | undefined {
  if (sig.length === 2 * orderLen) return { r: bytesToBigInt(sig.subarray(0, orderLen)), s: bytesToBigInt(sig.subarray(orderLen)) };
  try {
    const seq = readTlv(sig, 0, 'ECDSA signature');
    if (seq.tag !== 0x30 || seq.end !== sig.length) return undefined;
    const r = readTlv(seq.value, 0, 'r');
    const s = readTlv(seq.value, r.end, 's');
    if (r.tag !== 0x02 || s.tag !== 0x02 || s.end !== seq.value.length) return undefined;
    return { r: bytesToBigInt(r.value), s: bytesToBigInt(s.value) };
  } catch {
    return undefined;
  }
}

/** e = leftmost min(|hash|, |n|) bits of the hash (X9.62 / TR-03111 §4.2.1). */
function hashToInt(digest: Uint8Array, n: bigint): bigint {
  const nBits = n.toString(2).length;
  let e = bytesToBigInt(digest);
  const hBits = digest.length * 8;
  if (hBits > nBits) e >>= BigInt(hBits - nBits);
  return e;
}

/** ECDSA verification on any prime curve (named or explicit), TR-03111 §4.2.1.2. */
export function verifyEcdsa(domain: EcDomain, point: Uint8Array, hash: AaHash, message: Uint8Array, signature: Uint8Array): { ok: boolean; reason: string } {
  const g = groupFor(domain);
  if (!isEcGroup(g)) return { ok: false, reason: 'not an EC key' };
  const n = g.order;
  const rs = ecdsaRs(signature, Math.ceil(n.toString(16).length / 2));
  if (!rs) return { ok: false, reason: `ECDSA signature of ${signature.length} bytes is neither plain nor DER` };
  const { r, s } = rs;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return { ok: false, reason: 'ECDSA r or s out of range' };
  let q;
  try {
    q = g.decode(point, 'AA public key');
  } catch {
    return { ok: false, reason: 'AA public key is not a valid point' };
  }
  const e = hashToInt(HASHES[hash].fn(message), n) % n;
  const w = modInv(s, n);
  const u1 = (e * w) % n;
  const u2 = (r * w) % n;
  const R = g.generator.multiplyUnsafe(u1).add(q.multiplyUnsafe(u2));
  if (R.is0()) return { ok: false, reason: 'ECDSA verification point at infinity' };
  return R.toAffine().x % n === r ? { ok: true, reason: `ECDSA-${hash} signature over RND.IFD verifies` } : { ok: false, reason: 'ECDSA signature does not verify' };
}

export interface AaVerifyOptions {
  aaInfo?: ActiveAuthenticationInfo;
}

/** Verifies the chip's answer to `challenge` with the DG15 key (pure; what performActiveAuthentication uses). */
export function verifyActiveAuthentication(key: PublicKeyInfo, challenge: Uint8Array, signature: Uint8Array, opts: AaVerifyOptions = {}): AaResult {
  if (key.kind === 'rsa') {
    const r = verifyIso9796Rsa(key.n, key.e, signature, challenge);
    const bits = key.n.toString(2).length;
    if (!r.ok) return { status: 'fail', reason: r.reason, algorithm: `RSA-${bits}/ISO9796-2` };
    return { status: 'pass', reason: `ISO/IEC 9796-2 signature over RND.IFD verifies (${r.value.hash})`, algorithm: `RSA-${bits}/ISO9796-2-${r.value.hash}` };
  }
  if (key.kind === 'ec') {
    let hash: AaHash;
    if (opts.aaInfo) {
      const h = ECDSA_HASH_BY_OID[opts.aaInfo.signatureAlgorithm];
      if (!h) return { status: 'fail', reason: `unsupported AA signature algorithm ${opts.aaInfo.signatureAlgorithm}`, algorithm: 'ECDSA' };
      hash = h;
    } else hash = defaultEcdsaHash(key.domain.p.toString(2).length);
    const algorithm = `ECDSA-${hash}/${key.domain.name ?? 'explicit curve'}`;
    const r = verifyEcdsa(key.domain, key.point, hash, challenge, signature);
    return { status: r.ok ? 'pass' : 'fail', reason: r.reason, algorithm };
  }
  return { status: 'not_performed', reason: 'DG15 key is neither RSA nor EC' };
}

/**
 * INTERNAL AUTHENTICATE with a fresh challenge; transport losses are rethrown, everything else is a verdict.
 * The challenge and the chip's signature come back with the verdict (they are not secret: a signature over
 * a random number), so a saved read can be re-proved offline against DG15 (verifyActiveAuthentication).
 */
export async function performActiveAuthentication(
  transceive: Transceive,
  dg15PublicKey: PublicKeyInfo | undefined,
  rng: Rng,
  opts: AaVerifyOptions = {},
): Promise<AaEvidence> {
  if (!dg15PublicKey) return { status: 'not_performed', reason: 'no DG15' };
  if (dg15PublicKey.kind !== 'rsa' && dg15PublicKey.kind !== 'ec') return { status: 'not_performed', reason: 'DG15 key type not supported' };
  const challenge = rng(8);
  if (challenge.length !== 8) return { status: 'not_performed', reason: 'rng failure' };
  const sigLen = dg15PublicKey.kind === 'rsa' ? Math.ceil(dg15PublicKey.n.toString(2).length / 8) : 2 * Math.ceil(dg15PublicKey.domain.n.toString(16).length / 2) + 8;
  const cmd: CommandApdu = { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, ne: sigLen > 256 ? 65536 : 256 };
  let r: ResponseApdu;
  try {
    r = await transceive(cmd);
  } catch (e) {
    if (isChipIdError(e) && (e.code === 'MAC_INVALID' || e.code === 'SM_ERROR' || e.code === 'PROTOCOL_ERROR')) {
      return { status: 'fail', reason: `INTERNAL AUTHENTICATE response rejected: ${e.code}` };
    }
    throw e;
  }
  if (r.sw !== SW.OK) return { status: 'fail', reason: `chip answered INTERNAL AUTHENTICATE with ${r.sw.toString(16).toUpperCase()}` };
  if (r.data.length === 0 || r.data.length > 1024) return { status: 'fail', reason: `signature of ${r.data.length} bytes` };
  return { ...verifyActiveAuthentication(dg15PublicKey, challenge, r.data, opts), challenge, signature: r.data };
}

// ---- chip side -------------------------------------------------------------------------------------------

export type AaPrivateKey =
  | { kind: 'rsa'; n: bigint; d: bigint; hash: AaHash }
  | { kind: 'ec'; domain: EcDomain; d: bigint; hash: AaHash };

/** INTERNAL AUTHENTICATE on the virtual card: RSA ISO 9796-2 scheme 1 or plain ECDSA. */
export class ActiveAuthResponder {
  constructor(
    private readonly key: AaPrivateKey,
    private readonly rng: Rng,
  ) {}

  accepts(cmd: CommandApdu): boolean {
    return cmd.ins === 0x88 && cmd.p1 === 0 && cmd.p2 === 0;
  }

  handle(cmd: CommandApdu): ResponseApdu {
    const challenge = cmd.data;
    if (!challenge || challenge.length !== 8) return { data: new Uint8Array(0), sw: SW.WRONG_DATA };
    const k = this.key;
    if (k.kind === 'rsa') return { data: signIso9796Rsa(k.n, k.d, challenge, k.hash, this.rng), sw: SW.OK };
    const g = groupFor(k.domain);
    const n = g.order!;
    const len = Math.ceil(n.toString(16).length / 2);
    const e = hashToInt(HASHES[k.hash].fn(challenge), n) % n;
    for (;;) {
      const nonce = g.randomScalar(this.rng);
      const R = g.mul(g.generator, nonce);
      if (typeof R === 'bigint') throw new Error('unreachable');
      const r = R.toAffine().x % n;
      if (r === 0n) continue;
      const s = (modInv(nonce, n) * (e + r * k.d)) % n;
      if (s === 0n) continue;
      const sig = new Uint8Array(2 * len);
      sig.set(bigIntToBytes(r, len), 0);
      sig.set(bigIntToBytes(s, len), len);
      return { data: sig, sw: SW.OK };
    }
  }
}
