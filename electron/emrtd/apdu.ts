/** ISO/IEC 7816-4 command and response APDUs, short and extended length (§5.1). */
import { ChipIdError } from './errors.js';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length Ne: undefined = no Le field; 256 (short) / 65536 (extended) = maximum. */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  WARNING_EOF: 0x6282, // end of file reached before Ne bytes
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  SM_DATA_MISSING: 0x6987,
  SM_DATA_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  FUNC_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
  AUTH_FAILED: 0x6300,
} as const;

export const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** True when the command needs the extended-length encoding. */
export function needsExtended(cmd: CommandApdu): boolean {
  return (cmd.data?.length ?? 0) > 255 || (cmd.ne ?? 0) > 256;
}

/** Encodes a command APDU (7816-4 §5.1, cases 1–4, short or extended). */
export function encodeCommand(cmd: CommandApdu, forceExtended = false): Uint8Array {
  const data = cmd.data ?? new Uint8Array(0);
  const ne = cmd.ne;
  if (data.length > 65535) throw new ChipIdError('INTERNAL', 'APDU data longer than 65535');
  if (ne !== undefined && (ne < 1 || ne > 65536)) throw new ChipIdError('INTERNAL', `APDU Ne ${ne} out of range`);
  const ext = forceExtended || needsExtended(cmd);
  const out: number[] = [cmd.cla & 0xff, cmd.ins & 0xff, cmd.p1 & 0xff, cmd.p2 & 0xff];
  if (!ext) {
    if (data.length > 0) out.push(data.length, ...data);
    if (ne !== undefined) out.push(ne === 256 ? 0 : ne);
    return Uint8Array.from(out);
  }
  if (data.length > 0) {
    out.push(0, data.length >> 8, data.length & 0xff, ...data);
    if (ne !== undefined) out.push((ne >> 8) & 0xff, ne & 0xff); // 65536 → 00 00
  } else if (ne !== undefined) {
    out.push(0, (ne >> 8) & 0xff, ne & 0xff);
  }
  return Uint8Array.from(out);
}

/** Decodes a command APDU (used by the virtual card). Throws PROTOCOL_ERROR on malformed input. */
export function decodeCommand(b: Uint8Array): CommandApdu & { extended: boolean } {
  if (b.length < 4) throw new ChipIdError('PROTOCOL_ERROR', 'command APDU shorter than 4 bytes');
  const base = { cla: b[0]!, ins: b[1]!, p1: b[2]!, p2: b[3]! };
  const body = b.subarray(4);
  if (body.length === 0) return { ...base, extended: false };
  if (body.length === 1) return { ...base, ne: body[0] === 0 ? 256 : body[0]!, extended: false };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { ...base, data: body.slice(1), extended: false };
    if (body.length === 2 + lc) {
      const le = body[1 + lc]!;
      return { ...base, data: body.slice(1, 1 + lc), ne: le === 0 ? 256 : le, extended: false };
    }
    throw new ChipIdError('PROTOCOL_ERROR', 'short APDU length mismatch');
  }
  // extended: body[0] === 0
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { ...base, ne: le === 0 ? 65536 : le, extended: true };
  }
  if (body.length < 3) throw new ChipIdError('PROTOCOL_ERROR', 'extended APDU too short');
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0) throw new ChipIdError('PROTOCOL_ERROR', 'extended Lc of zero');
  if (body.length === 3 + lc) return { ...base, data: body.slice(3, 3 + lc), extended: true };
  if (body.length === 5 + lc) {
    const le = (body[3 + lc]! << 8) | body[4 + lc]!;
    return { ...base, data: body.slice(3, 3 + lc), ne: le === 0 ? 65536 : le, extended: true };
  }
  throw new ChipIdError('PROTOCOL_ERROR', 'extended APDU length mismatch');
}

/** Splits a raw response into data and status word. */
export function decodeResponse(b: Uint8Array): ResponseApdu {
  if (b.length < 2) throw new ChipIdError('PROTOCOL_ERROR', `response of ${b.length} bytes has no status word`);
  return { data: b.subarray(0, b.length - 2), sw: (b[b.length - 2]! << 8) | b[b.length - 1]! };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}
