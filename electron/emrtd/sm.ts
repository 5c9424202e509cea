/**
 * Secure messaging, 9303-11 §9.8 (3DES and AES), both endpoints:
 *  - SecureMessaging: the reader (IFD) side — wrapCommand / unwrapResponse.
 *  - CardSecureMessaging: the chip side of the virtual card — unwrapCommand / wrapResponse.
 * The response MAC is always verified; there is no switch to turn that off. Fail closed: after a MAC or
 * structure failure the reader session refuses further use (authenticate again).
 * Chip Authentication restarts SM with new keys: construct a new instance or call restart().
 */
import { encodeCommand, decodeCommand, decodeResponse, encodeResponse, type CommandApdu, type ResponseApdu } from './apdu.js';
import { concat, equalBytes, u16 } from './bytes.js';
import { ChipIdError } from './errors.js';
import { tlv } from './tlv.js';
import type { SmCipherSuite } from './crypto/kdf.js';
import {
  DO_CRYPTOGRAM,
  DO_CRYPTOGRAM_PADDED,
  DO_LE,
  DO_MAC,
  DO_SW,
  parseSmObjects,
  SmSession,
  type SmOptions,
} from './sm-core.js';

export type { SmOptions } from './sm-core.js';

/** Largest raw SM response we accept: 64 KiB of plaintext plus padding and object overhead. */
const MAX_RESPONSE = 65536 + 64;

/** Odd INS (e.g. B1 READ BINARY with offset DO54) carry BER-TLV data: the cryptogram goes in DO85. */
const isOddIns = (ins: number): boolean => (ins & 1) === 1;

/** Protected command body (DO87/DO85, DO97, DO8E) for the current SSC: 9303-11 §9.8.4. */
function buildProtected(s: SmSession, cmd: CommandApdu, ext: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  if (cmd.data && cmd.data.length > 0) {
    const c = s.encrypt(cmd.data);
    parts.push(isOddIns(cmd.ins) ? tlv(DO_CRYPTOGRAM, c) : tlv(DO_CRYPTOGRAM_PADDED, Uint8Array.of(0x01), c));
  }
  if (cmd.ne !== undefined) {
    const ne = cmd.ne;
    if (ext) parts.push(tlv(DO_LE, u16(ne === 65536 ? 0 : ne)));
    else parts.push(tlv(DO_LE, Uint8Array.of(ne === 256 ? 0 : ne)));
  }
  const objects = concat(...parts);
  const cc = s.macOf(s.paddedHeader(cmd.cla, cmd.ins, cmd.p1, cmd.p2), objects);
  return concat(objects, tlv(DO_MAC, cc));
}

/** Reader (IFD) side of secure messaging. */
export class SecureMessaging {
  private s: SmSession;
  private pendingNe: number | undefined;
  private pending = false;
  private broken = false;

  constructor(opts: SmOptions) {
    this.s = new SmSession(opts);
  }

  get suite(): SmCipherSuite {
    return this.s.suite;
  }

  /** A copy of the current SSC (for tests and transcripts). */
  get ssc(): Uint8Array {
    return this.s.ssc;
  }

  /** Replaces keys and SSC (Chip Authentication restarts SM, 9303-11 §6.2). */
  restart(opts: SmOptions): void {
    this.s = new SmSession(opts);
    this.pending = false;
    this.pendingNe = undefined;
    this.broken = false;
  }

  /**
   * Protects a command (9303-11 §9.8.4). `extended` forces the extended-length encoding (DO97 of two bytes,
   * Le 00 00); it is chosen automatically when the protected data exceeds 255 bytes or Ne exceeds 256.
   */
  wrapCommand(cmd: CommandApdu, extended?: boolean): Uint8Array {
    if (this.broken) throw new ChipIdError('SM_ERROR', 'secure messaging session closed after an integrity failure');
    if ((cmd.cla & 0x0c) !== 0) throw new ChipIdError('INTERNAL', 'wrapCommand: command already has SM bits set in CLA');
    if (cmd.ne !== undefined && (!Number.isInteger(cmd.ne) || cmd.ne < 1 || cmd.ne > 65536)) {
      throw new ChipIdError('INTERNAL', `wrapCommand: Ne ${cmd.ne} out of range`);
    }
    this.s.incrementSsc();
    let ext = extended === true || (cmd.ne ?? 0) > 256;
    let body = buildProtected(this.s, cmd, ext);
    if (!ext && body.length > 255) {
      ext = true;
      body = buildProtected(this.s, cmd, ext);
    }
    this.pending = true;
    this.pendingNe = cmd.ne;
    const header = { cla: (cmd.cla | 0x0c) & 0xff, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2 };
    return encodeCommand({ ...header, data: body, ne: ext ? 65536 : 256 }, ext);
  }

  /**
   * Verifies and decrypts a response (9303-11 §9.8.5). A bare error status word (SW1 63–6F, no data) is returned
   * as is, with the SSC still incremented so the next exchange verifies. Everything else must carry DO99 and a
   * valid DO8E.
   */
  unwrapResponse(raw: Uint8Array): ResponseApdu {
    if (this.broken) throw new ChipIdError('SM_ERROR', 'secure messaging session closed after an integrity failure');
    if (!this.pending) throw new ChipIdError('INTERNAL', 'unwrapResponse without a wrapped command');
    this.pending = false;
    this.s.incrementSsc();
    try {
      return this.unwrap(raw);
    } catch (e) {
      this.broken = true;
      throw e;
    }
  }

  private unwrap(raw: Uint8Array): ResponseApdu {
    if (raw.length > MAX_RESPONSE) throw new ChipIdError('LIMIT_EXCEEDED', `SM response of ${raw.length} bytes`);
    const { data, sw } = decodeResponse(raw);
    if (data.length === 0) {
      const sw1 = sw >> 8;
      if (sw1 >= 0x63 && sw1 <= 0x6f) return { data: new Uint8Array(0), sw };
      throw new ChipIdError('SM_ERROR', `SM response ${sw.toString(16).toUpperCase()} without MAC`, { sw });
    }
    const o = parseSmObjects(data, [DO_CRYPTOGRAM_PADDED, DO_CRYPTOGRAM, DO_SW, DO_MAC], 'SM response');
    if (!equalBytes(this.s.macOf(o.macInput), o.mac)) throw new ChipIdError('MAC_INVALID', 'SM response MAC does not verify', { sw });
    if (!o.sw) throw new ChipIdError('SM_ERROR', 'SM response without DO99', { sw });
    if (o.sw.length !== 2) throw new ChipIdError('SM_ERROR', `DO99 of ${o.sw.length} bytes`, { sw });
    const innerSw = (o.sw[0]! << 8) | o.sw[1]!;
    if (innerSw !== sw) throw new ChipIdError('SM_ERROR', 'DO99 status word differs from the response status word', { sw });
    let plain: Uint8Array = new Uint8Array(0);
    if (o.cryptogram) plain = this.s.decrypt(o.cryptogram.value);
    const ne = this.pendingNe ?? 0;
    if (plain.length > ne) {
      throw new ChipIdError('PROTOCOL_ERROR', `SM response carries ${plain.length} bytes, ${ne} were asked for`, { sw });
    }
    return { data: plain, sw: innerSw };
  }
}

/** Chip side of secure messaging (the virtual card). */
export class CardSecureMessaging {
  private s: SmSession;
  private lastOddIns = false;

  constructor(opts: SmOptions) {
    this.s = new SmSession(opts);
  }

  get suite(): SmCipherSuite {
    return this.s.suite;
  }

  get ssc(): Uint8Array {
    return this.s.ssc;
  }

  restart(opts: SmOptions): void {
    this.s = new SmSession(opts);
    this.lastOddIns = false;
  }

  /**
   * Verifies and decrypts a protected command (9303-11 §9.8.4, chip view). Throws ChipIdError 'MAC_INVALID'
   * (sw 6988) on a bad MAC and 'SM_ERROR' (sw 6987/6988) on missing or malformed objects; the card answers those
   * with the plain status word and ends the session.
   */
  unwrapCommand(raw: Uint8Array): CommandApdu & { extended: boolean } {
    let outer: CommandApdu & { extended: boolean };
    try {
      outer = decodeCommand(raw);
    } catch (e) {
      throw new ChipIdError('SM_ERROR', 'malformed protected command', { cause: e, sw: 0x6700 });
    }
    if ((outer.cla & 0x0c) !== 0x0c) throw new ChipIdError('SM_ERROR', 'plain command inside an SM session', { sw: 0x6987 });
    this.s.incrementSsc();
    const o = parseSmObjects(outer.data ?? new Uint8Array(0), [DO_CRYPTOGRAM_PADDED, DO_CRYPTOGRAM, DO_LE, DO_MAC], 'SM command', 0x6987);
    const header = this.s.paddedHeader(outer.cla, outer.ins, outer.p1, outer.p2);
    if (!equalBytes(this.s.macOf(header, o.macInput), o.mac)) {
      throw new ChipIdError('MAC_INVALID', 'SM command MAC does not verify', { sw: 0x6988 });
    }
    const cmd: CommandApdu & { extended: boolean } = {
      cla: outer.cla & 0xf3,
      ins: outer.ins,
      p1: outer.p1,
      p2: outer.p2,
      extended: outer.extended,
    };
    if (o.cryptogram) {
      try {
        cmd.data = this.s.decrypt(o.cryptogram.value);
      } catch (e) {
        throw new ChipIdError('SM_ERROR', 'SM command cryptogram malformed', { cause: e, sw: 0x6988 });
      }
    }
    if (o.le) {
      if (o.le.length === 1) cmd.ne = o.le[0] === 0 ? 256 : o.le[0]!;
      else if (o.le.length === 2) {
        const v = (o.le[0]! << 8) | o.le[1]!;
        cmd.ne = v === 0 ? 65536 : v;
        cmd.extended = true;
      } else throw new ChipIdError('SM_ERROR', `DO97 of ${o.le.length} bytes`, { sw: 0x6988 });
    }
    this.lastOddIns = isOddIns(outer.ins);
    return cmd;
  }

  /** Protects a response: DO87 (DO85 after an odd INS) when there is data, DO99, DO8E (9303-11 §9.8.5). */
  wrapResponse(data: Uint8Array, sw: number): Uint8Array {
    this.s.incrementSsc();
    const parts: Uint8Array[] = [];
    if (data.length > 0) {
      const c = this.s.encrypt(data);
      parts.push(this.lastOddIns ? tlv(DO_CRYPTOGRAM, c) : tlv(DO_CRYPTOGRAM_PADDED, Uint8Array.of(0x01), c));
    }
    parts.push(tlv(DO_SW, u16(sw)));
    const objects = concat(...parts);
    const mac = this.s.macOf(objects);
    return encodeResponse(concat(objects, tlv(DO_MAC, mac)), sw);
  }

  /**
   * An error status word sent without SM objects (e.g. 6A82 from some chips). The SSC still advances, as the
   * reader's does, so both ends stay aligned.
   */
  bareStatus(sw: number): Uint8Array {
    this.s.incrementSsc();
    return encodeResponse(new Uint8Array(0), sw);
  }
}
