/**
 * PACE v2, reader (terminal) side: 9303-11 §4.4 with BSI TR-03110-2 §3.2 and TR-03111 (ECKA).
 * MSE:Set AT (§4.4.4.1) then a chain of four GENERAL AUTHENTICATE commands (§4.4.4.2, §4.4.5):
 *   1. encrypted nonce z (80) → s = D(Kπ, z)
 *   2. mapping data (81/82): GM/CAM public mapping keys, IM nonce t → new generator Ĝ
 *   3. ephemeral public keys (83/84) → K = KA(SK_IFD, PK_IC), KS_Enc / KS_MAC = KDF(K, 1 / 2)
 *   4. authentication tokens (85/86), both verified; CAM: encrypted chip authentication data (8A).
 * Secure messaging restarts with the new keys and SSC 0 (§9.8.6.3 / §9.8.7.3).
 */
import { concat, wipe, type Rng } from '../bytes.js';
import { SW, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { ChipIdError, isChipIdError } from '../errors.js';
import { swError } from '../transport.js';
import type { Transceive } from '../transceive.js';
import { SecureMessaging } from '../sm.js';
import { suiteKeyLength, type SmCipherSuite } from '../crypto/kdf.js';
import { encodeOidValue } from '../lds/der.js';
import { paceAlgorithmName, type PaceAlgorithm } from '../lds/oids.js';
import { resolvePaceDomain, type PaceInfo, type SecurityInfo } from '../lds/securityinfos.js';
import { tlv } from '../tlv.js';
import { groupFor, type Group, type GroupElement } from './group.js';
import { genericMap, integratedMap } from './mapping.js';
import {
  authToken,
  checkToken,
  decryptCamData,
  decryptNonce,
  dynamicAuthData,
  parseDynamicAuthData,
  passwordKey,
  PASSWORD_REF,
  sessionKeys,
  type PacePassword,
} from './steps.js';

export interface PaceContext {
  info: PaceInfo;
  algorithm: PaceAlgorithm;
  group: Group;
  /** 'PACE-ECDH-GM-AES-128/brainpoolP256r1' */
  protocol: string;
  standardized: boolean;
}

/** Resolves a PACEInfo into algorithm + group; throws UNSUPPORTED for what cannot run. */
export function paceContext(info: PaceInfo, infos: readonly SecurityInfo[] = [], allowExplicitDomainParameters = false): PaceContext {
  const algorithm = info.algorithm;
  if (!algorithm) throw new ChipIdError('UNSUPPORTED', `unknown PACE protocol ${info.oid}`);
  if (info.version !== 2) throw new ChipIdError('UNSUPPORTED', `PACE version ${info.version}`);
  const domain = resolvePaceDomain(info, infos);
  if (!domain) throw new ChipIdError('UNSUPPORTED', `PACE domain parameters ${info.parameterId ?? '(none)'} unknown`);
  const standardized = domain.standardId !== undefined;
  if (!standardized && !allowExplicitDomainParameters) {
    // §9.2.2: explicit parameters in EF.CardAccess are unauthenticated and may leak the password.
    throw new ChipIdError('UNSUPPORTED', 'PACE with explicit (non-standardized) domain parameters is disabled');
  }
  if ((algorithm.keyAgreement === 'ECDH') !== (domain.kind === 'ec')) {
    throw new ChipIdError('UNSUPPORTED', 'PACE key agreement does not match the domain parameters');
  }
  const group = groupFor(domain);
  return { info, algorithm, group, protocol: `${paceAlgorithmName(algorithm)}/${group.name}`, standardized };
}

export interface PerformPaceOptions {
  password: PacePassword;
  paceInfo: PaceInfo;
  /** All SecurityInfos of EF.CardAccess (needed for explicit PACEDomainParameterInfo). */
  securityInfos?: readonly SecurityInfo[];
  rng: Rng;
  allowExplicitDomainParameters?: boolean;
}

/** What PACE-CAM hands over for the chip check once EF.CardSecurity is read (verifyCam). */
export interface PaceCamData {
  group: Group;
  /** PK_Map,IC as received (04‖X‖Y). */
  chipMappingPublicKey: Uint8Array;
  /** CA_IC = SK_IC⁻¹·SK_Map,IC mod n, decrypted. */
  chipAuthenticationData: Uint8Array;
  /** The key to use: ChipAuthenticationPublicKeyInfo with keyId = parameterId (§9.2.1). */
  keyId?: number;
}

export interface PaceResult {
  sm: SecureMessaging;
  protocol: string;
  oid: string;
  algorithm: PaceAlgorithm;
  parameterId?: number;
  passwordKind: 'can' | 'mrz';
  /** ID_IC for Terminal Authentication (Comp of this). */
  chipEphemeralPublicKey: Uint8Array;
  terminalEphemeralPublicKey: Uint8Array;
  /** CAM only: the chip's mapping public key (verifyCam checks it against the static key). */
  camChipPublicKey?: Uint8Array;
  cam?: PaceCamData;
  /** Certification Authority References (87 / 88) when the chip sent them. */
  car?: { current?: Uint8Array; previous?: Uint8Array };
}

const MAX_PACE_RESPONSE = 2048;

function gaCommand(last: boolean, data: Uint8Array): CommandApdu {
  // §4.4.4.3 command chaining: CLA 10 for all but the last GENERAL AUTHENTICATE.
  return { cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data, ne: data.length > 255 ? 65536 : 256 };
}

async function exchange(transceive: Transceive, cmd: CommandApdu, step: string): Promise<ResponseApdu> {
  let r: ResponseApdu;
  try {
    r = await transceive(cmd);
  } catch (e) {
    if (isChipIdError(e)) throw e;
    throw new ChipIdError('TRANSPORT_LOST', `PACE ${step}: exchange failed`, { cause: e });
  }
  if (r.data.length > MAX_PACE_RESPONSE) throw new ChipIdError('LIMIT_EXCEEDED', `PACE ${step}: response of ${r.data.length} bytes`);
  if (r.sw === SW.OK) return r;
  if (r.sw === SW.AUTH_FAILED || (r.sw & 0xfff0) === 0x63c0) {
    throw new ChipIdError('ACCESS_DENIED', `PACE ${step}: the chip rejected the authentication`, { sw: r.sw });
  }
  throw swError(r.sw, `PACE ${step}`);
}

function need(m: Map<number, Uint8Array>, tag: number, step: string): Uint8Array {
  const v = m.get(tag);
  if (v === undefined) throw new ChipIdError('PROTOCOL_ERROR', `PACE ${step}: response lacks tag ${tag.toString(16).toUpperCase()}`);
  return v;
}

/** MSE:Set AT for PACE: 80 OID, 83 password reference, 84 parameter id (sent whenever known — CCCD needs it). */
export function paceMseSetAt(oid: string, passwordKind: 'can' | 'mrz', parameterId?: number): CommandApdu {
  const parts = [tlv(0x80, encodeOidValue(oid)), tlv(0x83, Uint8Array.of(PASSWORD_REF[passwordKind]))];
  if (parameterId !== undefined) {
    const idBytes = parameterId < 256 ? Uint8Array.of(parameterId) : Uint8Array.of(parameterId >> 8, parameterId & 0xff);
    parts.push(tlv(0x84, idBytes));
  }
  return { cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: concat(...parts) };
}

/** Runs PACE over `transceive` (unprotected channel) and returns the new secure-messaging session. */
export async function performPace(transceive: Transceive, opts: PerformPaceOptions): Promise<PaceResult> {
  const ctx = paceContext(opts.paceInfo, opts.securityInfos ?? [], opts.allowExplicitDomainParameters);
  const { algorithm, group } = ctx;
  const suite: SmCipherSuite = algorithm.suite;
  const oid = opts.paceInfo.oid;

  // MSE:Set AT. Some chips answer 63Cx (retry counter) as a warning: accepted when x > 0.
  const mse = await transceive(paceMseSetAt(oid, opts.password.kind, opts.paceInfo.parameterId)).catch((e: unknown) => {
    throw isChipIdError(e) ? e : new ChipIdError('TRANSPORT_LOST', 'PACE MSE:Set AT: exchange failed', { cause: e });
  });
  if (mse.sw !== SW.OK && !((mse.sw & 0xfff0) === 0x63c0 && (mse.sw & 0x0f) > 0)) {
    if ((mse.sw & 0xfff0) === 0x63c0) throw new ChipIdError('ACCESS_DENIED', 'PACE: password blocked', { sw: mse.sw });
    throw swError(mse.sw, 'PACE MSE:Set AT');
  }

  const kPi = passwordKey(opts.password, suite);
  let nonce: Uint8Array | undefined;
  let secret: Uint8Array | undefined;
  try {
    // Step 1: encrypted nonce.
    const r1 = parseDynamicAuthData((await exchange(transceive, gaCommand(false, dynamicAuthData()), 'step 1')).data, 'PACE step 1');
    nonce = decryptNonce(kPi, need(r1, 0x80, 'step 1'), suite);

    // Step 2: mapping.
    let mapped: Group;
    let chipMappingPublicKey: Uint8Array | undefined;
    if (algorithm.mapping === 'IM') {
      const t = opts.rng(suiteKeyLength(suite));
      const r2 = parseDynamicAuthData((await exchange(transceive, gaCommand(false, dynamicAuthData([0x81, t])), 'step 2')).data, 'PACE step 2');
      const m2 = r2.get(0x82);
      if (m2 !== undefined && m2.length !== 0) throw new ChipIdError('PROTOCOL_ERROR', 'PACE step 2: IM mapping data 82 must be empty');
      mapped = integratedMap(group, nonce, t, suite).mapped;
    } else {
      const skMap = group.randomScalar(opts.rng);
      const pkMap = group.encode(group.mul(group.generator, skMap));
      const r2 = parseDynamicAuthData((await exchange(transceive, gaCommand(false, dynamicAuthData([0x81, pkMap])), 'step 2')).data, 'PACE step 2');
      chipMappingPublicKey = need(r2, 0x82, 'step 2');
      const chipMap = group.decode(chipMappingPublicKey, 'PACE chip mapping key');
      if (group.equals(chipMap, group.decode(pkMap, 'own key'))) throw new ChipIdError('PROTOCOL_ERROR', 'PACE: chip reflected the mapping key');
      mapped = genericMap(group, nonce, skMap, chipMap).mapped;
    }

    // Step 3: key agreement on the mapped generator.
    const sk = mapped.randomScalar(opts.rng);
    const pkIfd = mapped.encode(mapped.mul(mapped.generator, sk));
    const r3 = parseDynamicAuthData((await exchange(transceive, gaCommand(false, dynamicAuthData([0x83, pkIfd])), 'step 3')).data, 'PACE step 3');
    const pkIcBytes = need(r3, 0x84, 'step 3');
    const pkIc: GroupElement = mapped.decode(pkIcBytes, 'PACE chip ephemeral key');
    if (mapped.equals(pkIc, mapped.decode(pkIfd, 'own key'))) throw new ChipIdError('PROTOCOL_ERROR', 'PACE: chip reflected the ephemeral key');
    secret = mapped.sharedSecret(mapped.agreeElement(sk, pkIc));
    const { ksEnc, ksMac } = sessionKeys(secret, suite);

    // Step 4: mutual authentication.
    const tIfd = authToken(ksMac, suite, oid, mapped, mapped.encode(pkIc));
    const r4 = parseDynamicAuthData((await exchange(transceive, gaCommand(true, dynamicAuthData([0x85, tIfd])), 'step 4')).data, 'PACE step 4');
    const tIc = need(r4, 0x86, 'step 4');
    if (!checkToken(authToken(ksMac, suite, oid, mapped, pkIfd), tIc)) {
      throw new ChipIdError('ACCESS_DENIED', 'PACE: the chip’s authentication token does not verify');
    }
    const aIc = r4.get(0x8a);
    let cam: PaceCamData | undefined;
    if (algorithm.mapping === 'CAM') {
      if (!aIc) throw new ChipIdError('PROTOCOL_ERROR', 'PACE-CAM: encrypted chip authentication data (8A) missing');
      cam = { group, chipMappingPublicKey: chipMappingPublicKey!, chipAuthenticationData: decryptCamData(ksEnc, aIc) };
      if (opts.paceInfo.parameterId !== undefined) cam.keyId = opts.paceInfo.parameterId;
    } else if (aIc) {
      throw new ChipIdError('PROTOCOL_ERROR', 'PACE: 8A present without Chip Authentication Mapping');
    }

    const sm = new SecureMessaging({ suite, ksEnc, ksMac, ssc: new Uint8Array(suite === '3DES' ? 8 : 16) });
    const result: PaceResult = {
      sm,
      protocol: ctx.protocol,
      oid,
      algorithm,
      passwordKind: opts.password.kind,
      chipEphemeralPublicKey: mapped.encode(pkIc),
      terminalEphemeralPublicKey: pkIfd,
    };
    if (opts.paceInfo.parameterId !== undefined) result.parameterId = opts.paceInfo.parameterId;
    if (cam) {
      result.cam = cam;
      result.camChipPublicKey = cam.chipMappingPublicKey;
    }
    const car87 = r4.get(0x87);
    const car88 = r4.get(0x88);
    if (car87 || car88) result.car = { ...(car87 ? { current: car87 } : {}), ...(car88 ? { previous: car88 } : {}) };
    return result;
  } finally {
    wipe(kPi, nonce, secret);
  }
}
