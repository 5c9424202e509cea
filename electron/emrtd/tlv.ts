/**
 * BER-TLV as used by ISO 7816-4 and the LDS (9303-10 §4). Bounded: every length is checked against the
 * enclosing buffer, so a hostile length can never make us read past what came off the chip.
 * Tags are numbers holding their raw bytes big-endian (0x5F1F, 0x7F61, 0x61).
 */
import { ParseError } from './errors.js';

export interface Tlv {
  tag: number;
  /** Offset of the first tag byte. */
  start: number;
  /** Offset of the first value byte. */
  valueStart: number;
  /** Offset just past the value. */
  end: number;
  value: Uint8Array;
  constructed: boolean;
}

/** Reads the tag at `offset`. Returns [tag, nextOffset]. */
export function readTag(buf: Uint8Array, offset: number, where = 'TLV'): [number, number] {
  if (offset >= buf.length) throw new ParseError(where, `tag expected at offset ${offset}, data ends`);
  let tag = buf[offset]!;
  let o = offset + 1;
  if ((tag & 0x1f) === 0x1f) {
    let n = 0;
    for (;;) {
      if (o >= buf.length) throw new ParseError(where, 'tag runs past the end of the data');
      const b = buf[o++]!;
      tag = tag * 256 + b;
      if (++n > 3) throw new ParseError(where, 'tag longer than 4 bytes');
      if ((b & 0x80) === 0) break;
    }
  }
  return [tag, o];
}

/**
 * Reads a length at `offset`. Returns [length, nextOffset, indefinite]. Definite lengths up to 4 bytes;
 * the indefinite form (0x80) is reported, not resolved, and only accepted when `allowIndefinite`.
 */
export function readLength(buf: Uint8Array, offset: number, where = 'TLV', allowIndefinite = false): [number, number, boolean] {
  if (offset >= buf.length) throw new ParseError(where, 'length expected, data ends');
  const first = buf[offset]!;
  if (first < 0x80) return [first, offset + 1, false];
  if (first === 0x80) {
    if (!allowIndefinite) throw new ParseError(where, 'indefinite length not allowed here');
    return [0, offset + 1, true];
  }
  const n = first & 0x7f;
  if (n > 4) throw new ParseError(where, `length field of ${n} bytes`);
  if (offset + 1 + n > buf.length) throw new ParseError(where, 'length field runs past the end of the data');
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 1 + i]!;
  return [len, offset + 1 + n, false];
}

/** Decodes one TLV at `offset` within `buf[offset, limit)`. */
export function readTlv(buf: Uint8Array, offset = 0, where = 'TLV', limit = buf.length): Tlv {
  const view = limit === buf.length ? buf : buf.subarray(0, limit);
  const [tag, afterTag] = readTag(view, offset, where);
  const [len, valueStart] = readLength(view, afterTag, where);
  const end = valueStart + len;
  if (end > view.length) {
    throw new ParseError(where, `tag ${tag.toString(16).toUpperCase()} length ${len} exceeds the data (${view.length - valueStart} left)`);
  }
  const firstTagByte = tag > 0xffffff ? tag >>> 24 : tag > 0xffff ? tag >> 16 : tag > 0xff ? tag >> 8 : tag;
  return { tag, start: offset, valueStart, end, value: view.subarray(valueStart, end), constructed: (firstTagByte & 0x20) !== 0 };
}

/** Decodes consecutive TLVs filling all of `buf`. */
export function readTlvs(buf: Uint8Array, where = 'TLV'): Tlv[] {
  const out: Tlv[] = [];
  let o = 0;
  while (o < buf.length) {
    const t = readTlv(buf, o, where);
    out.push(t);
    o = t.end;
  }
  return out;
}

/** Decodes a TLV whose tag must be `expected`. */
export function expectTlv(buf: Uint8Array, expected: number, where: string, offset = 0): Tlv {
  const t = readTlv(buf, offset, where);
  if (t.tag !== expected) {
    throw new ParseError(where, `expected tag ${expected.toString(16).toUpperCase()}, found ${t.tag.toString(16).toUpperCase()}`);
  }
  return t;
}

/** Finds the first child with `tag` among the TLVs of `buf`, or undefined. */
export function findTlv(buf: Uint8Array, tag: number, where = 'TLV'): Tlv | undefined {
  return readTlvs(buf, where).find((t) => t.tag === tag);
}

/**
 * How many bytes the whole TLV starting at buf[0] occupies, from its header alone; used to size a file
 * from its first bytes. Returns undefined if the header is incomplete.
 */
export function tlvTotalLength(header: Uint8Array): number | undefined {
  try {
    const [, afterTag] = readTag(header, 0);
    const [len, valueStart] = readLength(header, afterTag);
    return valueStart + len;
  } catch {
    return undefined;
  }
}

export function encodeTag(tag: number): Uint8Array {
  if (tag <= 0xff) return Uint8Array.of(tag);
  if (tag <= 0xffff) return Uint8Array.of(tag >> 8, tag & 0xff);
  if (tag <= 0xffffff) return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
  return Uint8Array.of(tag >>> 24, (tag >> 16) & 0xff, (tag >> 8) & 0xff, tag & 0xff);
}

export function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  if (len <= 0xff) return Uint8Array.of(0x81, len);
  if (len <= 0xffff) return Uint8Array.of(0x82, len >> 8, len & 0xff);
  if (len <= 0xffffff) return Uint8Array.of(0x83, len >> 16, (len >> 8) & 0xff, len & 0xff);
  return Uint8Array.of(0x84, len >>> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff);
}

/** Encodes tag + length + concatenated values. */
export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const v of values) n += v.length;
  const t = encodeTag(tag);
  const l = encodeLength(n);
  const out = new Uint8Array(t.length + l.length + n);
  out.set(t, 0);
  out.set(l, t.length);
  let o = t.length + l.length;
  for (const v of values) {
    out.set(v, o);
    o += v.length;
  }
  return out;
}
