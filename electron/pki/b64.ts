/** Base64 (RFC 4648 §4) without Buffer, for LDIF and JSON persistence. */
import { ParseError } from '../emrtd/errors.js';

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const REV = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHA.length; i++) REV[ALPHA.charCodeAt(i)] = i;

export function base64Encode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += ALPHA[(n >> 18) & 63]! + ALPHA[(n >> 12) & 63]!;
    s += i + 1 < b.length ? ALPHA[(n >> 6) & 63]! : '=';
    s += i + 2 < b.length ? ALPHA[n & 63]! : '=';
  }
  return s;
}

export function base64Decode(s: string, where = 'base64'): Uint8Array {
  const clean = s.replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) throw new ParseError(where, 'truncated base64');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? REV[c]! : -1;
    if (v < 0) throw new ParseError(where, `invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
