/**
 * The virtual CCCD: the chip side of ICAO 9303 over a file system personalised from a person profile.
 * It implements the CCCD's quirks (SELECT MF → 6D00; EF.CardAccess selected by file id 011C), BAC, PACE,
 * secure messaging, READ BINARY (short, extended length, short EF id, odd INS B1), Chip Authentication and
 * Active Authentication. Pure TypeScript: it runs in-process and behind the vpcd bridge alike.
 * Protocol engines (BAC/PACE/CA/AA responders) plug in through `CardAuth`.
 */
import { decodeCommand, encodeResponse, SW, type CommandApdu } from '../emrtd/apdu.js';
import type { CardApplet } from '../emrtd/channel.js';
import { equalBytes, type Rng } from '../emrtd/bytes.js';
import { isChipIdError } from '../emrtd/errors.js';
import { LDS1_AID } from '../emrtd/lds/files.js';
import type { CardSecureMessaging } from '../emrtd/sm.js';

export type FileAccess = 'free' | 'sm' | 'eac';

export interface VirtualFile {
  fid: number;
  sfi?: number;
  data: Uint8Array;
  access: FileAccess;
}

export interface CardQuirks {
  /** Status word for SELECT MF (the CCCD answers 6D00). Undefined = 9000. */
  selectMfSw?: number;
  /** Status word instead of EF.CardAccess contents (some CCCD stacks see 6982). */
  cardAccessSw?: number;
  /** Accepts extended-length APDUs. */
  extendedLength: boolean;
  /** Accepts READ BINARY with a short EF identifier. */
  sfi: boolean;
  /** Short APDUs: refuse (6700) when the protected response would not fit 256 bytes. */
  strictShortLe: boolean;
  /** Answers errors inside an SM session without SM objects (bare SW), as some chips do. */
  bareErrors: boolean;
}

export const CCCD_QUIRKS: CardQuirks = { selectMfSw: SW.INS_NOT_SUPPORTED, extendedLength: true, sfi: true, strictShortLe: true, bareErrors: false };

/** Result of a protocol step run by a responder. */
export type AuthOutcome = { data: Uint8Array; sw: number; sm?: CardSecureMessaging; level?: 'bac' | 'pace' | 'ca' };

/** The protocol engines the card delegates to; each is optional (a profile without PACE has none). */
export interface CardAuth {
  /** BAC: GET CHALLENGE then EXTERNAL AUTHENTICATE (9303-11 §4.3). */
  bac?: {
    getChallenge(): Uint8Array;
    externalAuthenticate(data: Uint8Array): AuthOutcome;
  };
  /** PACE: MSE:Set AT (22 C1 A4) and the GENERAL AUTHENTICATE chain (86), unprotected. */
  pace?: { handle(cmd: CommandApdu): AuthOutcome; reset(): void };
  /** Chip Authentication: MSE (22 41 A6 / 22 41 A4) and GENERAL AUTHENTICATE under SM. */
  ca?: { handle(cmd: CommandApdu, current: CardSecureMessaging): AuthOutcome; reset(): void };
  /** Active Authentication: INTERNAL AUTHENTICATE (88) under SM; returns the signature. */
  aa?: { internalAuthenticate(challenge: Uint8Array): Uint8Array };
}

export interface ApduEvent {
  ins: number;
  fid?: number;
  offset?: number;
  length?: number;
  sw: number;
}

export interface VirtualCardOptions {
  atr: Uint8Array;
  /** Files in the master file (EF.CardAccess, EF.CardSecurity). */
  mfFiles: VirtualFile[];
  /** Files of the LDS1 application (EF.COM, EF.SOD, DGs). */
  ldsFiles: VirtualFile[];
  quirks: CardQuirks;
  /** Builds fresh protocol engines for each power-up (they hold session state). */
  auth: () => CardAuth;
  rng: Rng;
  /** Observes each APDU (header-level facts only); used by tests and the sim's removal triggers. */
  onApdu?: (e: ApduEvent) => void;
}

const SW_AUTH_FAILED = 0x6300;

export class VirtualCard implements CardApplet {
  readonly atr: Uint8Array;
  private auth: CardAuth;
  private sm: CardSecureMessaging | undefined;
  private level: 'none' | 'bac' | 'pace' | 'ca' = 'none';
  private inLds = false;
  private current: VirtualFile | undefined;

  constructor(private readonly opts: VirtualCardOptions) {
    this.atr = opts.atr;
    this.auth = opts.auth();
  }

  reset(): void {
    this.auth = this.opts.auth();
    this.sm = undefined;
    this.level = 'none';
    this.inLds = false;
    this.current = undefined;
  }

  /** Replaces a file's contents (tamper tests). */
  patchFile(fid: number, data: Uint8Array, inLds = true): void {
    const f = (inLds ? this.opts.ldsFiles : this.opts.mfFiles).find((x) => x.fid === fid);
    if (!f) throw new RangeError('no such file');
    f.data = data;
  }

  process(raw: Uint8Array): Uint8Array {
    let cmd: CommandApdu & { extended: boolean };
    const protectedCmd = raw.length >= 1 && (raw[0]! & 0x0c) === 0x0c;
    const sm = this.sm;
    if (protectedCmd) {
      if (!sm) return encodeResponse(new Uint8Array(0), SW.SM_DATA_MISSING);
      try {
        cmd = sm.unwrapCommand(raw);
      } catch (e) {
        // 7816-4: an SM error ends the session.
        this.dropSession();
        return encodeResponse(new Uint8Array(0), isChipIdError(e) && e.sw ? e.sw : SW.SM_DATA_INCORRECT);
      }
    } else {
      try {
        cmd = decodeCommand(raw);
      } catch {
        return encodeResponse(new Uint8Array(0), SW.WRONG_LENGTH);
      }
      if (sm && !(cmd.ins === 0x86 || (cmd.ins === 0x22 && cmd.p1 === 0xc1))) this.dropSession(); // plain command ends SM
    }
    if (cmd.extended && !this.opts.quirks.extendedLength) return this.reply(sm, protectedCmd, new Uint8Array(0), SW.WRONG_LENGTH, cmd);
    let out: AuthOutcome;
    try {
      out = this.dispatch(cmd, protectedCmd);
    } catch {
      out = { data: new Uint8Array(0), sw: SW.NO_PRECISE_DIAGNOSIS };
    }
    const resp = this.reply(protectedCmd ? sm : undefined, protectedCmd, out.data, out.sw, cmd);
    if (out.sm) {
      // New keys take effect after this response (BAC/PACE: after the plain answer; CA: after the old-key answer).
      this.sm = out.sm;
      if (out.level) this.level = out.level;
    }
    return resp;
  }

  private dropSession(): void {
    this.sm = undefined;
    this.level = 'none';
  }

  private reply(sm: CardSecureMessaging | undefined, protectedCmd: boolean, data: Uint8Array, sw: number, cmd: CommandApdu): Uint8Array {
    const q = this.opts.quirks;
    if (!protectedCmd || !sm) return encodeResponse(data, sw);
    if (sw !== SW.OK && sw !== SW.WARNING_EOF && q.bareErrors) return sm.bareStatus(sw);
    if (q.strictShortLe && cmd.ne !== undefined && cmd.ne <= 256 && data.length > 0) {
      // The protected answer must fit a short response (256 bytes): DO87 + DO99 + DO8E overhead.
      const block = sm.suite === '3DES' ? 8 : 16;
      const padded = (Math.floor(data.length / block) + 1) * block;
      const do87 = 1 + (padded + 1 > 255 ? 3 : padded + 1 > 127 ? 2 : 1) + padded + 1;
      if (do87 + 4 + 10 > 256) return sm.wrapResponse(new Uint8Array(0), SW.WRONG_LENGTH);
    }
    return sm.wrapResponse(data, sw);
  }

  private dispatch(cmd: CommandApdu, protectedCmd: boolean): AuthOutcome {
    const none = new Uint8Array(0);
    const ok = (data: Uint8Array = none): AuthOutcome => ({ data, sw: SW.OK });
    const err = (sw: number): AuthOutcome => ({ data: none, sw });
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd);
      case 0xb0:
      case 0xb1:
        return this.readBinary(cmd);
      case 0x84: {
        if (!this.auth.bac) return err(SW.INS_NOT_SUPPORTED);
        if (cmd.ne !== 8) return err(SW.WRONG_LENGTH);
        return ok(this.auth.bac.getChallenge());
      }
      case 0x82: {
        if (!this.auth.bac) return err(SW.INS_NOT_SUPPORTED);
        if (!this.inLds) return err(SW.CONDITIONS_NOT_SATISFIED);
        return this.auth.bac.externalAuthenticate(cmd.data ?? none);
      }
      case 0x22:
      case 0x86: {
        if (!protectedCmd) {
          if (!this.auth.pace) return err(SW.INS_NOT_SUPPORTED);
          return this.auth.pace.handle(cmd);
        }
        if (!this.auth.ca || !this.sm) return err(SW.INS_NOT_SUPPORTED);
        return this.auth.ca.handle(cmd, this.sm);
      }
      case 0x88: {
        if (!this.auth.aa) return err(SW.INS_NOT_SUPPORTED);
        if (!protectedCmd || this.level === 'none') return err(SW.SECURITY_NOT_SATISFIED);
        if (!cmd.data || cmd.data.length !== 8) return err(SW.WRONG_DATA);
        return ok(this.auth.aa.internalAuthenticate(cmd.data));
      }
      default:
        return err(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(cmd: CommandApdu): AuthOutcome {
    const none = new Uint8Array(0);
    const data = cmd.data ?? none;
    if (cmd.p1 === 0x04) {
      if (equalBytes(data, LDS1_AID)) {
        this.inLds = true;
        this.current = undefined;
        return { data: none, sw: SW.OK };
      }
      return { data: none, sw: SW.FILE_NOT_FOUND };
    }
    if (cmd.p1 === 0x00 && (data.length === 0 || (data.length === 2 && data[0] === 0x3f && data[1] === 0x00))) {
      if (this.opts.quirks.selectMfSw !== undefined) return { data: none, sw: this.opts.quirks.selectMfSw };
      this.inLds = false;
      this.current = undefined;
      return { data: none, sw: SW.OK };
    }
    if ((cmd.p1 === 0x02 || cmd.p1 === 0x00) && data.length === 2) {
      const fid = (data[0]! << 8) | data[1]!;
      const f = this.findFile(fid);
      if (!f) return { data: none, sw: SW.FILE_NOT_FOUND };
      this.current = f;
      return { data: none, sw: SW.OK };
    }
    return { data: none, sw: SW.WRONG_P1P2 };
  }

  private findFile(fid: number, bySfi = false): VirtualFile | undefined {
    // The CCCD selects EF.CardAccess directly by file id, even from inside the application.
    const lds = this.opts.ldsFiles;
    const mf = this.opts.mfFiles;
    const match = (f: VirtualFile): boolean => (bySfi ? f.sfi === fid : f.fid === fid);
    if (this.inLds) return lds.find(match) ?? mf.find((f) => match(f) && f.fid === 0x011c);
    return mf.find(match);
  }

  private readBinary(cmd: CommandApdu & { extended?: boolean }): AuthOutcome {
    const none = new Uint8Array(0);
    let offset: number;
    let file = this.current;
    if (cmd.ins === 0xb0 && cmd.p1 & 0x80) {
      if (!this.opts.quirks.sfi) return { data: none, sw: SW.FUNC_NOT_SUPPORTED };
      file = this.findFile(cmd.p1 & 0x1f, true);
      if (!file) return { data: none, sw: SW.FILE_NOT_FOUND };
      this.current = file;
      offset = cmd.p2;
    } else if (cmd.ins === 0xb0) {
      offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    } else {
      const d = cmd.data ?? none;
      if (d.length < 3 || d[0] !== 0x54 || d[1]! > 3 || d.length !== 2 + d[1]!) return { data: none, sw: SW.WRONG_DATA };
      offset = 0;
      for (let i = 0; i < d[1]!; i++) offset = offset * 256 + d[2 + i]!;
    }
    if (!file) return { data: none, sw: SW.CONDITIONS_NOT_SATISFIED };
    const sw = this.checkAccess(file);
    if (sw !== SW.OK) {
      this.opts.onApdu?.({ ins: cmd.ins, fid: file.fid, offset, sw });
      return { data: none, sw };
    }
    if (offset > file.data.length) return { data: none, sw: SW.WRONG_P1P2 };
    // For B1 the DO 53 header counts against Ne.
    const ne = (cmd.ne ?? 256) - (cmd.ins === 0xb1 ? 4 : 0);
    if (ne <= 0) return { data: none, sw: SW.WRONG_LENGTH };
    const end = Math.min(file.data.length, offset + ne);
    let chunk = file.data.subarray(offset, end);
    if (cmd.ins === 0xb1) chunk = wrapDo53(chunk);
    const sw2 = end - offset < ne && cmd.ne !== 256 && cmd.ne !== 65536 ? SW.WARNING_EOF : SW.OK;
    this.opts.onApdu?.({ ins: cmd.ins, fid: file.fid, offset, length: end - offset, sw: sw2 });
    return { data: chunk, sw: sw2 };
  }

  private checkAccess(f: VirtualFile): number {
    if (f.fid === 0x011c && !this.inLdsFile(f) && this.opts.quirks.cardAccessSw !== undefined) return this.opts.quirks.cardAccessSw;
    if (f.access === 'eac') return SW.SECURITY_NOT_SATISFIED;
    if (f.access === 'sm' && (this.level === 'none' || !this.sm)) return SW.SECURITY_NOT_SATISFIED;
    return SW.OK;
  }

  private inLdsFile(f: VirtualFile): boolean {
    return this.opts.ldsFiles.includes(f);
  }
}

function wrapDo53(data: Uint8Array): Uint8Array {
  const n = data.length;
  const head = n < 0x80 ? [0x53, n] : n <= 0xff ? [0x53, 0x81, n] : [0x53, 0x82, n >> 8, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

export { SW_AUTH_FAILED };
