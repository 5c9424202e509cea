/**
 * PACE, chip side (for the virtual card): MSE:Set AT (00 22 C1 A4) and the four GENERAL AUTHENTICATE steps of
 * 9303-11 §4.4.4–4.4.5 for GM, IM and CAM over any supported group. Never throws for card input: errors become
 * status words (6A80 bad data, 6A88 unknown password/parameters, 6985 out of sequence, 6883 chaining, 6300 wrong
 * token). On success `established` holds a CardSecureMessaging with SSC 0.
 * Randomness is injected: nonce s, mapping key, ephemeral key are drawn in that order (as in App. G–I).
 */
import { type Rng } from '../bytes.js';
import { SW, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { isChipIdError } from '../errors.js';
import { CardSecureMessaging } from '../sm.js';
import { suiteKeyLength } from '../crypto/kdf.js';
import { bigIntToBytes } from '../bytes.js';
import { decodeOid } from '../lds/der.js';
import type { PaceInfo, SecurityInfo } from '../lds/securityinfos.js';
import { readTlvs } from '../tlv.js';
import type { Group, GroupElement } from './group.js';
import { genericMap, imNonceLength, integratedMap } from './mapping.js';
import { modInv } from './group.js';
import { paceContext, type PaceContext } from './pace.js';
import { authToken, checkToken, dynamicAuthData, encryptCamData, encryptNonce, parseDynamicAuthData, passwordKey, PASSWORD_REF, sessionKeys } from './steps.js';

export interface PaceResponderConfig {
  /** Passwords the chip knows: MRZ information (docNo+cd+dob+cd+exp+cd) and/or CAN. */
  passwords: { mrz?: string; can?: string };
  /** The PACEInfos the chip offers (its EF.CardAccess) and the rest of its SecurityInfos. */
  paceInfos: readonly PaceInfo[];
  securityInfos?: readonly SecurityInfo[];
  rng: Rng;
  /** Static Chip Authentication private keys by keyId (CAM: keyId = parameterId). */
  camPrivateKeys?: ReadonlyMap<number, bigint>;
  allowExplicitDomainParameters?: boolean;
}

export interface PaceEstablished {
  sm: CardSecureMessaging;
  protocol: string;
  passwordKind: 'mrz' | 'can';
  /** PK_DH,IFD: Terminal Authentication binds to it. */
  terminalEphemeralPublicKey: Uint8Array;
}

type State =
  | { step: 'idle' }
  | { step: 'selected'; ctx: PaceContext; kind: 'mrz' | 'can'; password: string }
  | { step: 'nonce'; ctx: PaceContext; kind: 'mrz' | 'can'; s: Uint8Array }
  | { step: 'mapped'; ctx: PaceContext; kind: 'mrz' | 'can'; mapped: Group; skMap?: bigint }
  | { step: 'agreed'; ctx: PaceContext; kind: 'mrz' | 'can'; mapped: Group; skMap?: bigint; pkIc: Uint8Array; pkIfd: Uint8Array; ksEnc: Uint8Array; ksMac: Uint8Array };

const ok = (data: Uint8Array): ResponseApdu => ({ data, sw: SW.OK });
const err = (sw: number): ResponseApdu => ({ data: new Uint8Array(0), sw });

export class PaceResponder {
  private state: State = { step: 'idle' };
  established: PaceEstablished | undefined;

  constructor(private readonly cfg: PaceResponderConfig) {}

  reset(): void {
    this.state = { step: 'idle' };
    this.established = undefined;
  }

  /** True for the commands this responder handles (MSE:Set AT for PACE, GENERAL AUTHENTICATE). */
  accepts(cmd: CommandApdu): boolean {
    return (cmd.ins === 0x22 && cmd.p1 === 0xc1 && cmd.p2 === 0xa4) || (cmd.ins === 0x86 && cmd.p1 === 0 && cmd.p2 === 0);
  }

  handle(cmd: CommandApdu): ResponseApdu {
    try {
      if (cmd.ins === 0x22) return this.mseSetAt(cmd);
      if (cmd.ins === 0x86) return this.generalAuthenticate(cmd);
      return err(SW.INS_NOT_SUPPORTED);
    } catch (e) {
      // Anything the card cannot make sense of is "incorrect data"; the protocol restarts.
      this.state = { step: 'idle' };
      return err(isChipIdError(e) && e.sw !== undefined ? e.sw : SW.WRONG_DATA);
    }
  }

  private mseSetAt(cmd: CommandApdu): ResponseApdu {
    this.state = { step: 'idle' };
    this.established = undefined;
    let oid: string | undefined;
    let ref: number | undefined;
    let paramId: number | undefined;
    for (const t of readTlvs(cmd.data ?? new Uint8Array(0), 'MSE:Set AT')) {
      if (t.tag === 0x80) oid = decodeOid(t.value);
      else if (t.tag === 0x83 && t.value.length === 1) ref = t.value[0];
      else if (t.tag === 0x84 && t.value.length >= 1 && t.value.length <= 2) paramId = t.value.reduce((a, b) => a * 256 + b, 0);
      // §4.4.4.1 note 2: ignore other data objects (e.g. 7F4C CHAT).
    }
    if (oid === undefined || ref === undefined) return err(SW.WRONG_DATA);
    const offered = this.cfg.paceInfos.filter((i) => i.oid === oid && (paramId === undefined || i.parameterId === paramId));
    const info = offered[0];
    if (!info) return err(0x6a88);
    const kind = ref === PASSWORD_REF.mrz ? 'mrz' : ref === PASSWORD_REF.can ? 'can' : undefined;
    const password = kind ? this.cfg.passwords[kind] : undefined;
    if (!kind || password === undefined) return err(0x6a88);
    const ctx = paceContext(info, this.cfg.securityInfos ?? [], this.cfg.allowExplicitDomainParameters);
    if (ctx.algorithm.mapping === 'CAM' && this.camKey(info) === undefined) return err(0x6a88);
    this.state = { step: 'selected', ctx, kind, password };
    return ok(new Uint8Array(0));
  }

  private camKey(info: PaceInfo): bigint | undefined {
    return info.parameterId === undefined ? undefined : this.cfg.camPrivateKeys?.get(info.parameterId);
  }

  private generalAuthenticate(cmd: CommandApdu): ResponseApdu {
    const st = this.state;
    const chained = (cmd.cla & 0x10) !== 0;
    const dad = parseDynamicAuthData(cmd.data ?? new Uint8Array(0), 'GENERAL AUTHENTICATE');
    switch (st.step) {
      case 'idle':
        return err(SW.CONDITIONS_NOT_SATISFIED);
      case 'selected': {
        if (!chained) return this.fail(0x6883);
        if (dad.size !== 0) return this.fail(SW.WRONG_DATA);
        const { suite } = st.ctx.algorithm;
        const kPi = passwordKey({ kind: st.kind, value: st.password }, suite);
        const len = st.ctx.algorithm.mapping === 'IM' ? imNonceLength(suite) : suiteKeyLength(suite) <= 16 ? 16 : 32;
        const s = this.cfg.rng(len);
        const z = encryptNonce(kPi, s, suite);
        kPi.fill(0);
        this.state = { step: 'nonce', ctx: st.ctx, kind: st.kind, s };
        return ok(dynamicAuthData([0x80, z]));
      }
      case 'nonce': {
        if (!chained) return this.fail(0x6883);
        const data = dad.get(0x81);
        if (!data) return this.fail(SW.WRONG_DATA);
        const { group, algorithm } = st.ctx;
        if (algorithm.mapping === 'IM') {
          const r = integratedMap(group, st.s, data, algorithm.suite);
          st.s.fill(0);
          this.state = { step: 'mapped', ctx: st.ctx, kind: st.kind, mapped: r.mapped };
          return ok(dynamicAuthData([0x82, new Uint8Array(0)]));
        }
        const pkMapIfd = group.decode(data, 'terminal mapping key');
        const skMap = group.randomScalar(this.cfg.rng);
        const pkMapIc = group.mul(group.generator, skMap);
        if (group.equals(pkMapIc, pkMapIfd)) return this.fail(SW.WRONG_DATA);
        const { mapped } = genericMap(group, st.s, skMap, pkMapIfd);
        st.s.fill(0);
        this.state = { step: 'mapped', ctx: st.ctx, kind: st.kind, mapped, skMap };
        return ok(dynamicAuthData([0x82, group.encode(pkMapIc)]));
      }
      case 'mapped': {
        if (!chained) return this.fail(0x6883);
        const data = dad.get(0x83);
        if (!data) return this.fail(SW.WRONG_DATA);
        const { mapped } = st;
        const pkIfdEl: GroupElement = mapped.decode(data, 'terminal ephemeral key');
        const sk = mapped.randomScalar(this.cfg.rng);
        const pkIcEl = mapped.mul(mapped.generator, sk);
        if (mapped.equals(pkIcEl, pkIfdEl)) return this.fail(SW.WRONG_DATA);
        const secret = mapped.sharedSecret(mapped.agreeElement(sk, pkIfdEl));
        const keys = sessionKeys(secret, st.ctx.algorithm.suite);
        secret.fill(0);
        const pkIc = mapped.encode(pkIcEl);
        const next: State = { step: 'agreed', ctx: st.ctx, kind: st.kind, mapped, pkIc, pkIfd: mapped.encode(pkIfdEl), ...keys };
        if (st.skMap !== undefined) next.skMap = st.skMap;
        this.state = next;
        return ok(dynamicAuthData([0x84, pkIc]));
      }
      case 'agreed': {
        if (chained) return this.fail(0x6883);
        const tIfd = dad.get(0x85);
        const { ctx, mapped, ksEnc, ksMac } = st;
        const suite = ctx.algorithm.suite;
        if (!tIfd || !checkToken(authToken(ksMac, suite, ctx.info.oid, mapped, st.pkIc), tIfd)) return this.fail(SW.AUTH_FAILED);
        const objects: [number, Uint8Array][] = [[0x86, authToken(ksMac, suite, ctx.info.oid, mapped, st.pkIfd)]];
        if (ctx.algorithm.mapping === 'CAM') {
          // §4.4.3.5.1: CA_IC = SK_IC⁻¹ · SK_Map,IC mod n, FE2OS at the size of the order, A_IC = E(KS_Enc, CA_IC).
          const skIc = this.camKey(ctx.info);
          const n = ctx.group.order;
          if (skIc === undefined || st.skMap === undefined || n === undefined) return this.fail(0x6a88);
          const ca = (modInv(skIc, n) * st.skMap) % n;
          objects.push([0x8a, encryptCamData(ksEnc, bigIntToBytes(ca, Math.ceil(n.toString(16).length / 2)))]);
        }
        this.established = {
          sm: new CardSecureMessaging({ suite, ksEnc, ksMac, ssc: new Uint8Array(suite === '3DES' ? 8 : 16) }),
          protocol: ctx.protocol,
          passwordKind: st.kind,
          terminalEphemeralPublicKey: st.pkIfd,
        };
        this.state = { step: 'idle' };
        return ok(dynamicAuthData(...objects));
      }
    }
  }

  private fail(sw: number): ResponseApdu {
    this.state = { step: 'idle' };
    return err(sw);
  }
}
