/** Byte helpers shared by the protocol, PKI and virtual-card layers. Pure: no node:* imports. */

export type Bytes = Uint8Array;

/** Injected randomness: returns n fresh random bytes. Replays pass a seeded source. */
export type Rng = (n: number) => Uint8Array;

/** Upper-case hex without separators. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

/** Parses hex, ignoring white space. Throws on odd length or non-hex characters. */
export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new TypeError('fromHex: not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Constant-time comparison for MACs and tokens (time depends on length only). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Latin-1 / ASCII text to bytes (one byte per char code, which must be < 256). */
export function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new TypeError('asciiBytes: non-Latin-1 character');
    out[i] = c;
  }
  return out;
}

export function bytesToAscii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();
export const utf8Encode = (s: string): Uint8Array => utf8Encoder.encode(s);
/** Strict UTF-8 decode; throws TypeError on invalid sequences. */
export const utf8Decode = (b: Uint8Array): string => utf8Decoder.decode(b);

/** Big-endian unsigned bytes → bigint, in linear time (shifting a growing bigint byte by byte is quadratic). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let hex = '';
  for (let i = 0; i < b.length; i++) hex += HEX_BYTE[b[i]!];
  return BigInt(`0x${hex}`);
}
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * bigint → big-endian bytes, left-padded to `size` bytes (the field size: ICAO 9303-11 and
 * BSI TR-03111 require fixed-length encodings; unpadded integers break ~0.7 % of PACE runs).
 */
export function bigIntToBytes(x: bigint, size: number): Uint8Array {
  if (x < 0n) throw new RangeError('bigIntToBytes: negative');
  const out = new Uint8Array(size);
  let v = x;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('bigIntToBytes: value does not fit');
  return out;
}

/** Increments a big-endian counter in place (SSC). */
export function incrementCounter(c: Uint8Array): void {
  for (let i = c.length - 1; i >= 0; i--) {
    c[i] = (c[i]! + 1) & 0xff;
    if (c[i] !== 0) return;
  }
}

export function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

/** Overwrites key material once it is no longer needed. */
export function wipe(...bufs: (Uint8Array | undefined)[]): void {
  for (const b of bufs) b?.fill(0);
}
