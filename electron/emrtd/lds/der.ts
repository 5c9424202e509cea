/**
 * The few DER (X.690) pieces the security objects need: object identifiers, integers, and builders for
 * SEQUENCE / SET / OCTET STRING / BIT STRING. Reading reuses the bounded BER-TLV reader (tlv.ts), so a hostile
 * length can never read past the data; this module adds the type checks and says where a value was malformed.
 */
import { ParseError } from '../errors.js';
import { readTlv, readTlvs, tlv, type Tlv } from '../tlv.js';
import { bytesToBigInt } from '../bytes.js';

/** Longest INTEGER read as a number: a 16 384-bit value and its sign byte (no key or serial is longer). */
export const MAX_INTEGER_BYTES = 2049;
/** An RSA public exponent is below 2^256 (NIST SP 800-56B §6.2.1): 32 bytes and a sign byte. */
export const MAX_RSA_EXPONENT_BYTES = 33;

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

/** Decodes an OBJECT IDENTIFIER value (without tag and length) to dotted form. X.690 §8.19. */
export function decodeOid(value: Uint8Array, where = 'OID'): string {
  if (value.length === 0) throw new ParseError(where, 'empty object identifier');
  if (value.length > 64) throw new ParseError(where, 'object identifier longer than 64 bytes');
  const arcs: number[] = [];
  let acc = 0;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    if (!started && b === 0x80) throw new ParseError(where, 'non-minimal object identifier arc');
    started = true;
    acc = acc * 128 + (b & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER / 128) throw new ParseError(where, 'object identifier arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(acc);
      acc = 0;
      started = false;
    }
  }
  if (started) throw new ParseError(where, 'object identifier ends inside an arc');
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Encodes the value of an OBJECT IDENTIFIER (no tag, no length) from dotted form. */
export function encodeOidValue(oid: string): Uint8Array {
  const parts = oid.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new TypeError(`encodeOid: bad arc in ${oid}`);
    return Number(p);
  });
  if (parts.length < 2 || parts[0]! > 2) throw new TypeError(`encodeOid: ${oid}`);
  const arcs = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const tmp: number[] = [arc % 128];
    let v = Math.floor(arc / 128);
    while (v > 0) {
      tmp.unshift((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...tmp);
  }
  return Uint8Array.from(out);
}

export const derOid = (oid: string): Uint8Array => tlv(TAG_OID, encodeOidValue(oid));
export const derSequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG_SEQUENCE, ...items);
export const derSet = (...items: Uint8Array[]): Uint8Array => tlv(TAG_SET, ...items);
export const derOctetString = (v: Uint8Array): Uint8Array => tlv(TAG_OCTET_STRING, v);
export const derNull = (): Uint8Array => Uint8Array.of(TAG_NULL, 0);
/** BIT STRING with zero unused bits. */
export const derBitString = (v: Uint8Array): Uint8Array => tlv(TAG_BIT_STRING, Uint8Array.of(0), v);

/** DER INTEGER of a non-negative value: minimal two's-complement (a 00 is prepended when the top bit is set). */
export function derInteger(x: bigint | number): Uint8Array {
  let v = BigInt(x);
  if (v < 0n) throw new RangeError('derInteger: negative');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG_INTEGER, Uint8Array.from(bytes));
}

/** Reads one TLV and checks its tag. */
export function expectDer(buf: Uint8Array, tag: number, where: string, offset = 0): Tlv {
  const t = readTlv(buf, offset, where);
  if (t.tag !== tag) {
    throw new ParseError(where, `expected tag ${tag.toString(16).toUpperCase()}, found ${t.tag.toString(16).toUpperCase()}`);
  }
  return t;
}

/** The children of a constructed value, each checked to lie inside it. The readers below take a child that
 * may be absent (`kids[i]`) and say so with a ParseError. */
export function derChildren(t: Tlv | undefined, where: string): Tlv[] {
  if (!t) throw new ParseError(where, 'element missing');
  if (!t.constructed) throw new ParseError(where, `tag ${t.tag.toString(16).toUpperCase()} is not constructed`);
  return readTlvs(t.value, where);
}

/** A non-negative INTEGER as bigint. Negative values are rejected (no negative field occurs in these objects). */
export function derUnsigned(t: Tlv | undefined, where: string): bigint {
  if (!t) throw new ParseError(where, 'INTEGER missing');
  if (t.tag !== TAG_INTEGER) throw new ParseError(where, `expected INTEGER, found tag ${t.tag.toString(16).toUpperCase()}`);
  if (t.value.length === 0) throw new ParseError(where, 'empty INTEGER');
  if (t.value[0]! & 0x80) throw new ParseError(where, 'negative INTEGER');
  if (t.value.length > MAX_INTEGER_BYTES) throw new ParseError(where, `INTEGER of ${t.value.length} bytes (limit ${MAX_INTEGER_BYTES})`);
  return bytesToBigInt(t.value);
}

/** A small non-negative INTEGER (versions, ids) as number; rejects values above 2^31. */
export function derSmallInt(t: Tlv | undefined, where: string): number {
  const v = derUnsigned(t, where);
  if (v > 0x7fffffffn) throw new ParseError(where, 'INTEGER too large');
  return Number(v);
}

export function derOidOf(t: Tlv | undefined, where: string): string {
  if (!t) throw new ParseError(where, 'OBJECT IDENTIFIER missing');
  if (t.tag !== TAG_OID) throw new ParseError(where, `expected OBJECT IDENTIFIER, found tag ${t.tag.toString(16).toUpperCase()}`);
  return decodeOid(t.value, where);
}

/** The content of a BIT STRING with zero unused bits. */
export function derBitStringBytes(t: Tlv | undefined, where: string): Uint8Array {
  if (!t) throw new ParseError(where, 'BIT STRING missing');
  if (t.tag !== TAG_BIT_STRING) throw new ParseError(where, 'expected BIT STRING');
  if (t.value.length < 1) throw new ParseError(where, 'empty BIT STRING');
  if (t.value[0] !== 0) throw new ParseError(where, 'BIT STRING with unused bits');
  return t.value.subarray(1);
}

/** Raw bytes of a whole TLV (tag + length + value) out of the buffer it was read from. */
export function rawOf(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.slice(t.start, t.end);
}
