/**
 * Minimal DER encoder (X.690 §10) used by the test-PKI builder and for re-encoding OIDs.
 * SET OF values are sorted by their encodings (X.690 §11.6).
 */
import { tlv } from '../emrtd/tlv.js';
import { asciiBytes, utf8Encode } from '../emrtd/bytes.js';

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

/** INTEGER from a non-negative bigint or unsigned big-endian bytes. */
export function int(v: bigint | number | Uint8Array): Uint8Array {
  let b: Uint8Array;
  if (v instanceof Uint8Array) {
    let s = 0;
    while (s < v.length - 1 && v[s] === 0) s++;
    b = v.subarray(s);
    if (b.length === 0) b = Uint8Array.of(0);
  } else {
    let x = BigInt(v);
    if (x < 0n) throw new RangeError('der.int: negative values not supported');
    const out: number[] = [];
    do {
      out.unshift(Number(x & 0xffn));
      x >>= 8n;
    } while (x > 0n);
    b = Uint8Array.from(out);
  }
  if (b[0]! & 0x80) {
    const p = new Uint8Array(b.length + 1);
    p.set(b, 1);
    b = p;
  }
  return tlv(0x02, b);
}

/** Dotted OID → DER (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`der.oid: bad OID ${dotted}`);
  const body: number[] = [];
  const enc = (v: bigint): void => {
    const tmp: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      tmp.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    body.push(...tmp);
  };
  enc(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) enc(a);
  return tlv(0x06, Uint8Array.from(body));
}

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
