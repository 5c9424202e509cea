/**
 * A bounded DER/BER reader for CMS (RFC 5652) and X.509 (RFC 5280) structures (X.690 §8, §10).
 * BER is accepted where real documents use it: indefinite lengths (§8.1.3.6), constructed OCTET STRINGs
 * (§8.7.3). Every node keeps the exact bytes it was decoded from (`raw`), because signatures are over the
 * original encoding (TBSCertificate, signed attributes), never over a re-encoding.
 * Pure: Uint8Array only.
 */
import { ParseError } from '../emrtd/errors.js';
import { bytesToAscii, bytesToBigInt, utf8Decode } from '../emrtd/bytes.js';
import { MAX_INTEGER_BYTES } from '../emrtd/lds/der.js';

export const Cls = { Universal: 0, Application: 1, Context: 2, Private: 3 } as const;
export type Cls = (typeof Cls)[keyof typeof Cls];

export interface Asn1 {
  cls: Cls;
  constructed: boolean;
  tagNo: number;
  /** The first identifier octet (0x30 SEQUENCE, 0xA0 [0] constructed, …); only meaningful for tagNo < 31. */
  id: number;
  indefinite: boolean;
  /** Offsets in the buffer the node was parsed from. */
  start: number;
  end: number;
  /** The whole TLV exactly as encoded (header, content and, for indefinite lengths, the end-of-contents). */
  raw: Uint8Array;
  /** The content octets (without end-of-contents). */
  content: Uint8Array;
  /** Parsed children of a constructed node (empty for primitive nodes). */
  children: Asn1[];
}

const MAX_DEPTH = 48;
/** Longest OBJECT IDENTIFIER accepted (real ones, 2.25 UUID arcs included, are under 40 bytes). */
const MAX_OID_BYTES = 128;

interface Ctx {
  buf: Uint8Array;
  where: string;
}

function parseAt(c: Ctx, offset: number, limit: number, depth: number): Asn1 {
  const { buf, where } = c;
  if (depth > MAX_DEPTH) throw new ParseError(where, 'ASN.1 nesting too deep');
  if (offset >= limit) throw new ParseError(where, `ASN.1 tag expected at offset ${offset}, data ends`);
  const id = buf[offset]!;
  let o = offset + 1;
  let tagNo = id & 0x1f;
  if (tagNo === 0x1f) {
    tagNo = 0;
    for (let n = 0; ; n++) {
      if (o >= limit) throw new ParseError(where, 'ASN.1 tag runs past the end');
      if (n >= 4) throw new ParseError(where, 'ASN.1 tag number too large');
      const b = buf[o++]!;
      tagNo = tagNo * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const cls = (id >> 6) as Cls;
  const constructed = (id & 0x20) !== 0;
  if (o >= limit) throw new ParseError(where, `ASN.1 length expected at offset ${o}, data ends`);
  const first = buf[o++]!;
  if (first === 0x80) {
    if (!constructed) throw new ParseError(where, `indefinite length on a primitive value at offset ${offset}`);
    const children: Asn1[] = [];
    let p = o;
    for (;;) {
      if (p + 2 > limit) throw new ParseError(where, `indefinite-length value at offset ${offset} has no end-of-contents`);
      if (buf[p] === 0 && buf[p + 1] === 0) break;
      const ch = parseAt(c, p, limit, depth + 1);
      children.push(ch);
      p = ch.end;
    }
    const end = p + 2;
    return { cls, constructed, tagNo, id, indefinite: true, start: offset, end, raw: buf.subarray(offset, end), content: buf.subarray(o, p), children };
  }
  let len: number;
  if (first < 0x80) len = first;
  else {
    const n = first & 0x7f;
    if (n > 4) throw new ParseError(where, `ASN.1 length field of ${n} bytes at offset ${offset}`);
    if (o + n > limit) throw new ParseError(where, 'ASN.1 length field runs past the end');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[o + i]!;
    o += n;
  }
  const end = o + len;
  if (end > limit) throw new ParseError(where, `ASN.1 value at offset ${offset} (length ${len}) exceeds its container`);
  const children: Asn1[] = [];
  if (constructed) {
    let p = o;
    while (p < end) {
      const ch = parseAt(c, p, end, depth + 1);
      children.push(ch);
      p = ch.end;
    }
  }
  return { cls, constructed, tagNo, id, indefinite: false, start: offset, end, raw: buf.subarray(offset, end), content: buf.subarray(o, end), children };
}

/** Parses one ASN.1 value that must fill `buf` exactly (trailing bytes are an error unless `allowTrailing`). */
export function parseAsn1(buf: Uint8Array, where: string, opts: { allowTrailing?: boolean } = {}): Asn1 {
  const node = parseAt({ buf, where }, 0, buf.length, 0);
  if (!opts.allowTrailing && node.end !== buf.length) {
    throw new ParseError(where, `${buf.length - node.end} trailing bytes after the ASN.1 value`);
  }
  return node;
}

/** Universal tag numbers (X.680 §8.4). */
export const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  NumericString: 18,
  PrintableString: 19,
  TeletexString: 20,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  UniversalString: 28,
  BMPString: 30,
} as const;

export function isUniversal(n: Asn1, tagNo: number): boolean {
  return n.cls === Cls.Universal && n.tagNo === tagNo;
}

export function isContext(n: Asn1, tagNo: number): boolean {
  return n.cls === Cls.Context && n.tagNo === tagNo;
}

function tagName(n: Asn1): string {
  const c = ['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'][n.cls];
  return `${c} ${n.tagNo}${n.constructed ? ' (constructed)' : ''}`;
}

/** Asserts a universal tag and returns the node. */
export function expectUniversal(n: Asn1 | undefined, tagNo: number, where: string): Asn1 {
  if (!n) throw new ParseError(where, `missing value (expected universal tag ${tagNo})`);
  if (!isUniversal(n, tagNo)) throw new ParseError(where, `expected universal tag ${tagNo}, found ${tagName(n)}`);
  return n;
}

export function expectSequence(n: Asn1 | undefined, where: string): Asn1 {
  const s = expectUniversal(n, T.SEQUENCE, where);
  if (!s.constructed) throw new ParseError(where, 'SEQUENCE not constructed');
  return s;
}

/** Child i, or a ParseError naming `where`. */
export function child(n: Asn1, i: number, where: string): Asn1 {
  const c = n.children[i];
  if (!c) throw new ParseError(where, `element ${i} missing`);
  return c;
}

/** OBJECT IDENTIFIER → dotted string (X.690 §8.19). */
export function readOid(n: Asn1 | undefined, where: string): string {
  const node = expectUniversal(n, T.OID, where);
  const b = node.content;
  if (b.length === 0) throw new ParseError(where, 'empty OID');
  if (b.length > MAX_OID_BYTES) throw new ParseError(where, `OID of ${b.length} bytes (limit ${MAX_OID_BYTES})`);
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (x === 0x80 && (i === 0 || (b[i - 1]! & 0x80) === 0)) throw new ParseError(where, 'OID arc with a leading 0x80 (not minimal)');
    v = (v << 7n) | BigInt(x & 0x7f);
    if ((x & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    } else if (i === b.length - 1) throw new ParseError(where, 'OID truncated');
  }
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}

/** INTEGER → bigint (two's complement, X.690 §8.3). */
export function readInt(n: Asn1 | undefined, where: string): bigint {
  const node = expectUniversal(n, T.INTEGER, where);
  const b = node.content;
  if (b.length === 0) throw new ParseError(where, 'empty INTEGER');
  if (b.length > MAX_INTEGER_BYTES) throw new ParseError(where, `INTEGER of ${b.length} bytes (limit ${MAX_INTEGER_BYTES})`);
  let x = bytesToBigInt(b);
  if (b[0]! & 0x80) x -= 1n << BigInt(b.length * 8);
  return x;
}

/** Small INTEGER → number (versions, counts). */
export function readSmallInt(n: Asn1 | undefined, where: string): number {
  const v = readInt(n, where);
  if (v > 0xffffffffn || v < -0xffffffffn) throw new ParseError(where, 'INTEGER too large');
  return Number(v);
}

/** Unsigned content bytes of an INTEGER with leading zero bytes removed (serial numbers, moduli). */
export function readUnsignedBytes(n: Asn1 | undefined, where: string): Uint8Array {
  const node = expectUniversal(n, T.INTEGER, where);
  let b = node.content;
  if (b.length === 0) throw new ParseError(where, 'empty INTEGER');
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return b;
}

/** BIT STRING with zero unused bits → bytes (keys and signatures are always whole octets). */
export function readBitStringBytes(n: Asn1 | undefined, where: string): Uint8Array {
  const node = expectUniversal(n, T.BIT_STRING, where);
  if (node.constructed) throw new ParseError(where, 'constructed BIT STRING not supported');
  if (node.content.length === 0) throw new ParseError(where, 'empty BIT STRING');
  if (node.content[0] !== 0) throw new ParseError(where, 'BIT STRING with unused bits where whole octets are required');
  return node.content.subarray(1);
}

/** BIT STRING as named bits (KeyUsage): bit i is set when (bits[i>>3] >> (7 - (i & 7))) & 1. */
export function readBitStringBits(n: Asn1 | undefined, where: string): { bytes: Uint8Array; unused: number } {
  const node = expectUniversal(n, T.BIT_STRING, where);
  if (node.content.length === 0) throw new ParseError(where, 'empty BIT STRING');
  return { bytes: node.content.subarray(1), unused: node.content[0]! };
}

/** OCTET STRING content; BER constructed OCTET STRINGs (X.690 §8.7.3) are concatenated. */
export function readOctets(n: Asn1 | undefined, where: string): Uint8Array {
  const node = expectUniversal(n, T.OCTET_STRING, where);
  return octetsOf(node, where);
}

/** Content of a node read as OCTET STRING regardless of its tag (for implicitly tagged values). */
export function octetsOf(node: Asn1, where: string): Uint8Array {
  if (!node.constructed) return node.content;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const c of node.children) {
    const p = octetsOf(c, where);
    if (!isUniversal(c, T.OCTET_STRING)) throw new ParseError(where, 'constructed OCTET STRING holds a non-OCTET STRING');
    parts.push(p);
    total += p.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** UTCTime / GeneralizedTime → Date (RFC 5280 §4.1.2.5: UTCTime years 50–99 are 19xx). */
export function readTime(n: Asn1 | undefined, where: string): Date {
  if (!n) throw new ParseError(where, 'time missing');
  const s = bytesToAscii(n.content);
  let m: RegExpExecArray | null;
  let year: number;
  if (isUniversal(n, T.UTCTime)) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s);
    if (!m) throw new ParseError(where, `bad UTCTime "${s}"`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (isUniversal(n, T.GeneralizedTime)) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z|[+-]\d{4})?$/.exec(s);
    if (!m) throw new ParseError(where, `bad GeneralizedTime "${s}"`);
    year = Number(m[1]);
  } else throw new ParseError(where, `expected a time, found ${tagName(n)}`);
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  // Date.UTC rolls impossible fields over (month 13 → next January): refuse them instead (X.680 §46, ISO 8601).
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) throw new ParseError(where, `impossible time "${s}"`);
  let t = Date.UTC(year, month - 1, day, hour, minute, second);
  const tz = m[7];
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const [tzh, tzm] = [Number(tz.slice(1, 3)), Number(tz.slice(3, 5))];
    if (tzh > 23 || tzm > 59) throw new ParseError(where, `impossible time offset "${s}"`);
    t -= sign * (tzh * 60 + tzm) * 60_000;
  }
  return new Date(t);
}

/** Any of the directory string types → JS string. */
export function readString(n: Asn1, where: string): string {
  const b = n.content;
  if (n.cls !== Cls.Universal) return bytesToAscii(b);
  try {
    switch (n.tagNo) {
      case T.UTF8String:
        return utf8Decode(b);
      case T.BMPString: {
        let s = '';
        for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
        return s;
      }
      case T.UniversalString: {
        let s = '';
        for (let i = 0; i + 3 < b.length; i += 4) s += String.fromCodePoint(((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0);
        return s;
      }
      default:
        // PrintableString, IA5String, NumericString, TeletexString (treated as Latin-1)
        return bytesToAscii(b);
    }
  } catch (e) {
    throw new ParseError(where, 'undecodable string', { cause: e });
  }
}
