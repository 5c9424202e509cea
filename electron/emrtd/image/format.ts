/**
 * Image format sniffing and header-only size reading for the portraits in DG2/DG5/DG7.
 * JPEG: ISO/IEC 10918-1 (SOI FFD8, SOFn frame header). JPEG 2000: ISO/IEC 15444-1 — JP2 file format
 * (signature box 0000000C 6A502020 0D0A870A, ihdr box, Annex I) or raw codestream (SOC FF4F, SIZ FF51, Annex A).
 * Bounded: never reads past the buffer; returns undefined rather than throwing on anything malformed.
 */

export type ImageFormat = 'jpeg' | 'jp2' | 'j2k';

export interface ImageSize {
  width: number;
  height: number;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** Detects the format by magic number; undefined if none matches. */
export function detectImageFormat(b: Uint8Array): ImageFormat | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, JP2_SIGNATURE.slice(0, 8))) return 'jp2';
  if (startsWith(b, [0xff, 0x4f, 0xff, 0x51])) return 'j2k';
  return undefined;
}

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;

/** JPEG: walks the marker segments up to the first SOFn (C0–CF except C4, C8, CC). */
function jpegSize(b: Uint8Array): ImageSize | undefined {
  let o = 2;
  for (let guard = 0; guard < 1000 && o + 4 <= b.length; guard++) {
    if (b[o] !== 0xff) return undefined;
    const m = b[o + 1]!;
    if (m === 0xff) {
      o++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      o += 2;
      continue;
    }
    const len = u16(b, o + 2);
    if (len < 2 || o + 2 + len > b.length) return undefined;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (len < 7) return undefined;
      return { height: u16(b, o + 5), width: u16(b, o + 7) };
    }
    if (m === 0xda || m === 0xd9) return undefined; // scan before any frame header
    o += 2 + len;
  }
  return undefined;
}

/** J2K codestream: SIZ follows SOC; size = Xsiz − XOsiz by Ysiz − YOsiz (15444-1 §A.5.1). */
function j2kSize(b: Uint8Array, o = 0): ImageSize | undefined {
  if (o + 4 + 2 + 2 + 16 > b.length || u16(b, o) !== 0xff4f || u16(b, o + 2) !== 0xff51) return undefined;
  const p = o + 6 + 2; // after Lsiz, Rsiz
  const xs = u32(b, p);
  const ys = u32(b, p + 4);
  const xo = u32(b, p + 8);
  const yo = u32(b, p + 12);
  if (xs <= xo || ys <= yo) return undefined;
  return { width: xs - xo, height: ys - yo };
}

/** JP2: top-level boxes; size from jp2h/ihdr (HEIGHT then WIDTH, 15444-1 §I.5.3.1). */
function jp2Size(b: Uint8Array): ImageSize | undefined {
  const walk = (start: number, end: number, depth: number): ImageSize | undefined => {
    let o = start;
    for (let guard = 0; guard < 256 && o + 8 <= end; guard++) {
      let len = u32(b, o);
      const type = u32(b, o + 4);
      let header = 8;
      if (len === 1) {
        if (o + 16 > end || u32(b, o + 8) !== 0) return undefined; // > 4 GiB boxes: no
        len = u32(b, o + 12);
        header = 16;
      } else if (len === 0) len = end - o;
      if (len < header || o + len > end) return undefined;
      if (type === 0x6a703268 /* jp2h */ && depth === 0) return walk(o + header, o + len, 1);
      if (type === 0x69686472 /* ihdr */ && depth === 1 && len >= header + 8) {
        return { height: u32(b, o + header), width: u32(b, o + header + 4) };
      }
      o += len;
    }
    return undefined;
  };
  return walk(0, b.length, 0);
}

/** Reads the pixel size from the image's own header, without decoding. */
export function readImageSize(b: Uint8Array, format = detectImageFormat(b)): ImageSize | undefined {
  switch (format) {
    case 'jpeg':
      return jpegSize(b);
    case 'j2k':
      return j2kSize(b);
    case 'jp2':
      return jp2Size(b);
    default:
      return undefined;
  }
}
