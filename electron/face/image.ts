/**
 * Images for the face layer: decode (JPEG; JPEG 2000 through the protocol layer's OpenJPEG decoder), encode,
 * downscale and grey. Pure: typed arrays only. Portraits from DG2 may be grey or JPEG 2000; camera frames
 * arrive as RGB already (y4m.ts, or the renderer's canvas).
 */
import jpeg from 'jpeg-js';
import { ChipIdError, ParseError } from '../emrtd/errors.js';
import { detectImageFormat } from '../emrtd/image/format.js';
import { decodeJpeg, decodeJpeg2000, type DecodeOptions, type RgbaImage } from '../emrtd/image/jp2.js';
import type { RgbImage } from './types.js';

/** Largest image accepted for face work: 4096 × 4096 (a camera frame or a scanned photo is well under). */
export const MAX_FACE_PIXELS = 16_777_216;

function fromRgba(img: RgbaImage): RgbImage {
  const n = img.width * img.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = img.rgba[i * 4]!;
    data[i * 3 + 1] = img.rgba[i * 4 + 1]!;
    data[i * 3 + 2] = img.rgba[i * 4 + 2]!;
  }
  return { width: img.width, height: img.height, data };
}

/**
 * Decodes a JPEG (colour or grey; grey comes out as RGB with r = g = b). Synchronous, so JPEG 2000 is refused
 * here with a clear error: use decodeImageAsync for anything a chip may hold.
 */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const fmt = detectImageFormat(bytes);
  if (fmt === 'jp2' || fmt === 'j2k') throw new ChipIdError('UNSUPPORTED', 'face image: JPEG 2000 needs decodeImageAsync (the OpenJPEG codec loads asynchronously)');
  if (fmt !== 'jpeg') throw new ParseError('face image', 'neither JPEG nor JPEG 2000 (unknown signature)');
  return fromRgba(decodeJpeg(bytes, { maxPixels: MAX_FACE_PIXELS, maxInputBytes: 16 * 1024 * 1024 }));
}

/** Decodes JPEG, JP2 or J2K (what DG2 may hold) to RGB. */
export async function decodeImageAsync(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<RgbImage> {
  const fmt = detectImageFormat(bytes);
  if (fmt === 'jp2' || fmt === 'j2k') return fromRgba(await decodeJpeg2000(bytes, opts));
  return decodeImage(bytes);
}

export function checkRgb(img: RgbImage, where = 'face image'): void {
  const { width: w, height: h } = img;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || w * h > MAX_FACE_PIXELS) throw new ParseError(where, `bad size ${w}×${h}`);
  if (!(img.data instanceof Uint8Array) || img.data.length !== w * h * 3) throw new ParseError(where, `${img.data.length} bytes for ${w}×${h} RGB`);
}

/** Encodes RGB as a baseline JPEG (jpeg-js; needs a global Buffer, as in Node and Electron's main process). */
export function encodeJpeg(img: RgbImage, quality = 90): Uint8Array {
  checkRgb(img);
  if (img.width > 0xffff || img.height > 0xffff) throw new ParseError('face image', 'too large for JPEG');
  if (typeof (globalThis as { Buffer?: unknown }).Buffer === 'undefined') throw new ChipIdError('UNSUPPORTED', 'encodeJpeg needs a Node-like environment (jpeg-js uses Buffer)');
  const n = img.width * img.height;
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    rgba[i * 4] = img.data[i * 3]!;
    rgba[i * 4 + 1] = img.data[i * 3 + 1]!;
    rgba[i * 4 + 2] = img.data[i * 3 + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  const out = jpeg.encode({ data: rgba, width: img.width, height: img.height }, quality).data;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
}

/** Box-filter downscale so the longer side is at most `maxSide` (unchanged when already small enough). */
export function downscale(img: RgbImage, maxSide: number): RgbImage {
  checkRgb(img);
  const scale = Math.max(img.width, img.height) / maxSide;
  if (scale <= 1) return img;
  const w = Math.max(1, Math.round(img.width / scale));
  const h = Math.max(1, Math.round(img.height / scale));
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * img.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * img.height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * img.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * img.width) / w));
      let r = 0, g = 0, b = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) {
          const o = (yy * img.width + xx) * 3;
          r += img.data[o]!;
          g += img.data[o + 1]!;
          b += img.data[o + 2]!;
        }
      }
      const k = (y1 - y0) * (x1 - x0);
      const o = (y * w + x) * 3;
      data[o] = Math.round(r / k);
      data[o + 1] = Math.round(g / k);
      data[o + 2] = Math.round(b / k);
    }
  }
  return { width: w, height: h, data };
}

/** Luma (BT.601) of each pixel, 0..255. */
export function toGrey(img: RgbImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(0.299 * img.data[i * 3]! + 0.587 * img.data[i * 3 + 1]! + 0.114 * img.data[i * 3 + 2]!);
  return out;
}
