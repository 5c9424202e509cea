/**
 * Minimal DER encoder (X.690 §10) used by the test-PKI builder and for re-encoding OIDs.
 * SET OF values are sorted by their encodings (X.690 §11.6).
 */
import { tlv } from '../emrtd/tlv.js';
import { asciiBytes, bytesToBigInt, utf8Encode } from '../emrtd/bytes.js';
import { derInteger, derOid } from '../emrtd/lds/der.js';

export const der = (tag: number, ...content: Uint8Array[]): Uint8Array => tlv(tag, ...content);
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF: components sorted by their DER encoding. */
export const setOf = (...items: Uint8Array[]): Uint8Array => tlv(0x31, ...[...items].sort(compareBytes));
/** [n] EXPLICIT (constructed context tag). */
export const explicit = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);
/** [n] IMPLICIT on a constructed value. */
export const implicitCons = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);
/** [n] IMPLICIT on a primitive value. */
export const implicitPrim = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

export const nullDer = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const bitString = (b: Uint8Array, unused = 0): Uint8Array => tlv(0x03, Uint8Array.of(unused), b);
export const bool = (v: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
export const printable = (s: string): Uint8Array => tlv(0x13, asciiBytes(s));
export const utf8 = (s: string): Uint8Array => tlv(0x0c, utf8Encode(s));

/** INTEGER from a non-negative bigint or unsigned big-endian bytes (leading zero octets dropped). */
export function int(v: bigint | number | Uint8Array): Uint8Array {
  if (!(v instanceof Uint8Array)) return derInteger(v);
  let s = 0;
  while (s < v.length - 1 && v[s] === 0) s++;
  return derInteger(bytesToBigInt(v.subarray(s)));
}

/** Dotted OID → DER (X.690 §8.19). */
export const oid = (dotted: string): Uint8Array => derOid(dotted);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest = `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, asciiBytes(`${pad2(y % 100)}${rest}`));
  return tlv(0x18, asciiBytes(`${String(y).padStart(4, '0')}${rest}`));
}
