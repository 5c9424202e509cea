/**
 * Chip Authentication version 1, 9303-11 §6.2 (BSI TR-03110-1 §4.3): ephemeral-static DH / ECDH with the chip's
 * static key from DG14 (or EF.CardSecurity), then secure messaging restarts with KS_Enc = KDF(K, 1),
 * KS_MAC = KDF(K, 2) and SSC 0. APDUs (§6.2.4), sent under the current secure messaging:
 *  - 3DES: MSE:Set KAT 00 22 41 A6 { 91 ephemeral public key, 84 key id if any }
 *  - AES (and 3DES on chips without Set KAT): MSE:Set AT 00 22 41 A4 { 80 CA OID, 84 key id if any }, then
 *    GENERAL AUTHENTICATE 00 86 00 00 { 7C { 80 ephemeral public key } }.
 * Authentication is implicit: a chip without the private key cannot produce the next response MAC, so the
 * result is only known after one exchange under the new keys (checkChipAuthentication / runChipAuthentication).
 */
import { concat, type Rng } from '../bytes.js';
import { SW, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { ChipIdError, isChipIdError } from '../errors.js';
import { swError } from '../transport.js';
import type { Transceive } from '../transceive.js';
import { SecureMessaging, type SmOptions } from '../sm.js';
import { kdf, KDF_ENC, KDF_MAC, type SmCipherSuite } from '../crypto/kdf.js';
import { decodeOid, encodeOidValue } from '../lds/der.js';
import { caAlgorithm } from '../lds/oids.js';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo } from '../lds/securityinfos.js';
import { tlv, readTlvs } from '../tlv.js';
import { groupFor, type Group } from '../pace/group.js';
import type { DomainParams } from '../pace/params.js';
import { dynamicAuthData, parseDynamicAuthData } from '../pace/steps.js';
import type { CheckResult } from '../pace/cam.js';

export interface ChipAuthOptions {
  caInfo: ChipAuthenticationInfo;
  caPublicKeyInfo: ChipAuthenticationPublicKeyInfo;
  rng: Rng;
  /** Force MSE:Set AT + GA for 3DES (9303-11 §8.5 note 1: chips without MSE:Set KAT). */
  use3desSetAt?: boolean;
}

export interface ChipAuthResult {
  sm: SecureMessaging;
  /** 'CA-ECDH-AES-128/brainpoolP256r1' */
  algorithm: string;
  terminalEphemeralPublicKey: Uint8Array;
}

function keyIdBytes(id: number): Uint8Array {
  const out: number[] = [];
  let v = id;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return Uint8Array.from(out);
}

function caSetup(caInfo: ChipAuthenticationInfo, pkInfo: ChipAuthenticationPublicKeyInfo): { suite: SmCipherSuite; group: Group; domain: DomainParams; algorithm: string } {
  const alg = caInfo.algorithm ?? caAlgorithm(caInfo.oid);
  if (!alg) throw new ChipIdError('UNSUPPORTED', `unknown Chip Authentication protocol ${caInfo.oid}`);
  if (caInfo.version !== 1) throw new ChipIdError('UNSUPPORTED', `Chip Authentication version ${caInfo.version}`);
  const pk = pkInfo.publicKey;
  if (pk.kind !== 'ec' && pk.kind !== 'dh') throw new ChipIdError('UNSUPPORTED', 'Chip Authentication key is neither EC nor DH');
  if ((alg.keyAgreement === 'ECDH') !== (pk.kind === 'ec')) throw new ChipIdError('PROTOCOL_ERROR', 'CA protocol and key type differ');
  // Bare id-CA-ECDH / id-CA-DH (early documents, TR-03110 v1): 3DES.
  const suite = alg.suite ?? '3DES';
  const group = groupFor(pk.domain);
  return { suite, group, domain: pk.domain, algorithm: `CA-${alg.keyAgreement}-${suite}/${group.name}` };
}

async function send(transceive: Transceive, cmd: CommandApdu, what: string): Promise<ResponseApdu> {
  let r: ResponseApdu;
  try {
    r = await transceive(cmd);
  } catch (e) {
    if (isChipIdError(e)) throw e;
    throw new ChipIdError('TRANSPORT_LOST', `${what}: exchange failed`, { cause: e });
  }
  if (r.sw !== SW.OK) throw swError(r.sw, what);
  return r;
}

/** Runs CA over `transceive` (which must be under the current secure messaging) and returns the new session. */
export async function performChipAuthentication(transceive: Transceive, opts: ChipAuthOptions): Promise<ChipAuthResult> {
  const { suite, group, algorithm } = caSetup(opts.caInfo, opts.caPublicKeyInfo);
  const pk = opts.caPublicKeyInfo.publicKey;
  const pkBytes = pk.kind === 'ec' ? pk.point : pk.kind === 'dh' && pk.y < group.domain.p ? group.encode(pk.y) : new Uint8Array(0);
  const pkIc = group.decode(pkBytes, 'chip authentication public key');
  const sk = group.randomScalar(opts.rng);
  const pkIfd = group.encode(group.mul(group.generator, sk));
  const keyId = opts.caInfo.keyId ?? opts.caPublicKeyInfo.keyId;
  const keyRef = keyId === undefined ? new Uint8Array(0) : tlv(0x84, keyIdBytes(keyId));

  if (suite === '3DES' && !opts.use3desSetAt) {
    await send(transceive, { cla: 0, ins: 0x22, p1: 0x41, p2: 0xa6, data: concat(tlv(0x91, pkIfd), keyRef) }, 'CA MSE:Set KAT');
  } else {
    await send(transceive, { cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: concat(tlv(0x80, encodeOidValue(opts.caInfo.oid)), keyRef) }, 'CA MSE:Set AT');
    const data = dynamicAuthData([0x80, pkIfd]);
    const r = await send(transceive, { cla: 0, ins: 0x86, p1: 0, p2: 0, data, ne: data.length > 255 ? 65536 : 256 }, 'CA GENERAL AUTHENTICATE');
    if (r.data.length > 0) parseDynamicAuthData(r.data, 'CA GENERAL AUTHENTICATE'); // must be a well-formed (empty) 7C
  }
  const secret = group.sharedSecret(group.agreeElement(sk, pkIc));
  const sm = new SecureMessaging({ suite, ksEnc: kdf(secret, KDF_ENC, suite), ksMac: kdf(secret, KDF_MAC, suite), ssc: new Uint8Array(suite === '3DES' ? 8 : 16) });
  secret.fill(0);
  return { sm, algorithm, terminalEphemeralPublicKey: pkIfd };
}

/** SELECT EF.COM: a harmless first command under the new keys. */
export const CA_PROBE: CommandApdu = { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(0x01, 0x1e) };

/**
 * Sends one command under the new session and judges Chip Authentication: a response with a valid MAC → pass;
 * a MAC failure, an SM error or a bare 6987/6988 (the chip could not verify our MAC) → fail (a clone or a chip
 * whose private key does not match DG14). Transport losses are rethrown: they prove nothing.
 */
export async function checkChipAuthentication(transceive: Transceive, algorithm: string, probe: CommandApdu = CA_PROBE): Promise<CheckResult> {
  try {
    const r = await transceive(probe);
    if (r.sw === SW.OK || r.data.length > 0) return { status: 'pass', reason: 'chip answered under the new session keys', algorithm };
    if (r.sw === SW.SM_DATA_MISSING || r.sw === SW.SM_DATA_INCORRECT) {
      return { status: 'fail', reason: `chip rejected the new session keys (SW ${r.sw.toString(16).toUpperCase()})`, algorithm };
    }
    return { status: 'fail', reason: `chip answered ${r.sw.toString(16).toUpperCase()} without a verifiable MAC`, algorithm };
  } catch (e) {
    if (isChipIdError(e) && (e.code === 'MAC_INVALID' || e.code === 'SM_ERROR')) {
      return { status: 'fail', reason: `response under the new session keys failed: ${e.code} — the chip does not hold the DG14 private key`, algorithm };
    }
    throw e;
  }
}

/**
 * CA end to end as a verdict: perform, install the new session (`install`), probe. Protocol refusals and clones
 * become status 'fail' with the reason; transport losses and cancellation are rethrown.
 */
export async function runChipAuthentication(
  transceive: Transceive,
  install: (sm: SecureMessaging) => void,
  opts: ChipAuthOptions & { probe?: CommandApdu },
): Promise<CheckResult & { sm?: SecureMessaging }> {
  let res: ChipAuthResult;
  try {
    res = await performChipAuthentication(transceive, opts);
  } catch (e) {
    if (isChipIdError(e) && ['TRANSPORT_LOST', 'CARD_REMOVED', 'TIMEOUT', 'CANCELLED', 'UNSUPPORTED'].includes(e.code)) {
      if (e.code === 'UNSUPPORTED') return { status: 'not_performed', reason: e.message };
      throw e;
    }
    return { status: 'fail', reason: `Chip Authentication refused: ${isChipIdError(e) ? `${e.code} ${e.message}` : String(e)}` };
  }
  install(res.sm);
  const verdict = await checkChipAuthentication(transceive, res.algorithm, opts.probe);
  return { ...verdict, sm: res.sm };
}

// ---- chip side ---------------------------------------------------------------------------------------------

export interface ChipAuthKey {
  /** The ChipAuthenticationInfo OID (cipher suite) and optional key id. */
  oid: string;
  keyId?: number;
  domain: DomainParams;
  privateKey: bigint;
}

/**
 * Chip Authentication, chip side (virtual card). `handle` gets the plain command (already unwrapped from SM);
 * on success it returns the new SM options: the card wraps this response with the OLD keys, then restarts.
 */
export class ChipAuthResponder {
  private selected: ChipAuthKey | undefined;

  constructor(private readonly keys: readonly ChipAuthKey[]) {}

  accepts(cmd: CommandApdu): boolean {
    return (cmd.ins === 0x22 && cmd.p1 === 0x41 && (cmd.p2 === 0xa6 || cmd.p2 === 0xa4)) || (cmd.ins === 0x86 && this.selected !== undefined);
  }

  handle(cmd: CommandApdu): { response: ResponseApdu; restart?: SmOptions } {
    const err = (sw: number): { response: ResponseApdu } => ({ response: { data: new Uint8Array(0), sw } });
    try {
      if (cmd.ins === 0x22 && cmd.p2 === 0xa6) {
        this.selected = undefined;
        const objs = readTlvs(cmd.data ?? new Uint8Array(0), 'MSE:Set KAT');
        const pk = objs.find((t) => t.tag === 0x91)?.value;
        const key = this.pick(objs.find((t) => t.tag === 0x84)?.value, (k) => (caAlgorithm(k.oid)?.suite ?? '3DES') === '3DES');
        if (!pk) return err(SW.WRONG_DATA);
        if (!key) return err(0x6a88);
        return this.agree(key, pk, new Uint8Array(0));
      }
      if (cmd.ins === 0x22 && cmd.p2 === 0xa4) {
        this.selected = undefined;
        const objs = readTlvs(cmd.data ?? new Uint8Array(0), 'MSE:Set AT');
        const oidT = objs.find((t) => t.tag === 0x80);
        if (!oidT) return err(SW.WRONG_DATA);
        const oid = decodeOid(oidT.value);
        const key = this.pick(objs.find((t) => t.tag === 0x84)?.value, (k) => k.oid === oid);
        if (!key) return err(0x6a88);
        this.selected = key;
        return { response: { data: new Uint8Array(0), sw: SW.OK } };
      }
      if (cmd.ins === 0x86 && this.selected) {
        const key = this.selected;
        this.selected = undefined;
        const pk = parseDynamicAuthData(cmd.data ?? new Uint8Array(0), 'CA GA').get(0x80);
        if (!pk) return err(SW.WRONG_DATA);
        return this.agree(key, pk, dynamicAuthData());
      }
      return err(SW.CONDITIONS_NOT_SATISFIED);
    } catch (e) {
      this.selected = undefined;
      return err(isChipIdError(e) && e.sw !== undefined ? e.sw : SW.WRONG_DATA);
    }
  }

  private pick(idBytes: Uint8Array | undefined, fits: (k: ChipAuthKey) => boolean): ChipAuthKey | undefined {
    const id = idBytes?.reduce((a, b) => a * 256 + b, 0);
    const c = this.keys.filter((k) => fits(k) && (id === undefined || k.keyId === id));
    return id === undefined && c.length > 1 ? undefined : c[0];
  }

  private agree(key: ChipAuthKey, pkBytes: Uint8Array, data: Uint8Array): { response: ResponseApdu; restart: SmOptions } {
    const group = groupFor(key.domain);
    const pkIfd = group.decode(pkBytes, 'terminal ephemeral key');
    const secret = group.sharedSecret(group.agreeElement(key.privateKey, pkIfd));
    const suite = caAlgorithm(key.oid)?.suite ?? '3DES';
    const restart: SmOptions = { suite, ksEnc: kdf(secret, KDF_ENC, suite), ksMac: kdf(secret, KDF_MAC, suite), ssc: new Uint8Array(suite === '3DES' ? 8 : 16) };
    secret.fill(0);
    return { response: { data, sw: SW.OK }, restart };
  }
}
