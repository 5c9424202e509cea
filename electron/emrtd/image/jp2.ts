/**
 * Portrait decoding for display and face matching: JPEG 2000 (JP2 file or J2K codestream, ISO/IEC 15444-1)
 * through OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg), JPEG through jpeg-js.
 * Pure: the codec is loaded by dynamic import. In plain Node its Emscripten loader finds its own .wasm beside
 * the script; in a browser, a bundle or a packaged app, pass `wasmBinary` (the bytes of openjpegwasm_decode.wasm)
 * or `locateFile`. The first successful load is cached for the process.
 * Hostile defaults: input size and pixel count are capped before and after decoding.
 */
import jpeg from 'jpeg-js';
import type { EmscriptenOverrides, J2KDecoder, OpenJpegModule } from '@cornerstonejs/codec-openjpeg/types';
import { ChipIdError, ParseError } from '../errors.js';
import { detectImageFormat, readImageSize } from './format.js';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, non-premultiplied. */
  rgba: Uint8Array;
}

export interface DecodeOptions {
  /** Bytes of openjpegwasm_decode.wasm, for platforms where the codec cannot find its file. */
  wasmBinary?: Uint8Array;
  /** Alternative to wasmBinary: maps the codec's file name to a URL or path. */
  locateFile?: (file: string) => string;
  /** Largest accepted image in pixels (default 8 Mpx; ICAO portraits are well under 1 Mpx). */
  maxPixels?: number;
  /** Largest accepted compressed input (default 2 MiB). */
  maxInputBytes?: number;
}

const DEFAULT_MAX_PIXELS = 8_000_000;
const DEFAULT_MAX_INPUT = 2 * 1024 * 1024;
/** OpenJPEG's OPJ_COLOR_SPACE values (openjpeg.h). */
const CLRSPC_SYCC = 3;

let modulePromise: Promise<OpenJpegModule> | undefined;

function loadCodec(opts: DecodeOptions): Promise<OpenJpegModule> {
  if (!modulePromise) {
    const overrides: EmscriptenOverrides = { print: () => undefined, printErr: () => undefined };
    if (opts.wasmBinary) overrides.wasmBinary = opts.wasmBinary;
    if (opts.locateFile) {
      const lf = opts.locateFile;
      overrides.locateFile = (p) => lf(p);
    }
    modulePromise = import('@cornerstonejs/codec-openjpeg/decodewasmjs')
      .then((m) => {
        const f = m.default as unknown;
        const factory = (typeof f === 'function' ? f : (f as { default: unknown }).default) as typeof m.default;
        return factory(overrides);
      })
      .catch((e: unknown) => {
        modulePromise = undefined; // let a later call retry, e.g. with wasmBinary
        throw new ChipIdError('UNSUPPORTED', 'JPEG 2000 decoder (OpenJPEG wasm) could not be loaded', { cause: e });
      });
  }
  return modulePromise;
}

function checkLimits(where: string, bytes: Uint8Array, opts: DecodeOptions): void {
  const maxIn = opts.maxInputBytes ?? DEFAULT_MAX_INPUT;
  if (bytes.length > maxIn) throw new ChipIdError('LIMIT_EXCEEDED', `${where}: ${bytes.length} bytes (limit ${maxIn})`);
  const size = readImageSize(bytes);
  if (size) checkPixels(where, size.width, size.height, opts);
}

function checkPixels(where: string, w: number, h: number, opts: DecodeOptions): void {
  const max = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (w < 1 || h < 1) throw new ParseError(where, `image size ${w}×${h}`);
  if (w * h > max) throw new ChipIdError('LIMIT_EXCEEDED', `${where}: ${w}×${h} pixels (limit ${max})`);
}

/** Decodes a JP2 file or J2K codestream to RGBA. */
export async function decodeJpeg2000(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<RgbaImage> {
  const where = 'JPEG 2000';
  const fmt = detectImageFormat(bytes);
  if (fmt !== 'jp2' && fmt !== 'j2k') throw new ParseError(where, 'no JP2 signature or J2K SOC/SIZ marker');
  checkLimits(where, bytes, opts);
  const codec = await loadCodec(opts);
  let dec: J2KDecoder | undefined;
  try {
    dec = new codec.J2KDecoder();
    dec.getEncodedBuffer(bytes.length).set(bytes);
    try {
      dec.decode();
    } catch (e) {
      throw new ParseError(where, 'the codestream could not be decoded', { cause: e });
    }
    const fi = dec.getFrameInfo();
    // OpenJPEG reports a damaged or truncated codestream as a 0×0 frame rather than an error.
    if (fi.width < 1 || fi.height < 1) throw new ParseError(where, 'the codestream could not be decoded (damaged or truncated)');
    checkPixels(where, fi.width, fi.height, opts);
    return toRgba(dec.getDecodedBuffer(), fi.width, fi.height, fi.componentCount, fi.bitsPerSample, fi.isSigned, dec.getColorSpace());
  } finally {
    dec?.delete();
  }
}

function toRgba(buf: Uint8Array, w: number, h: number, comps: number, bps: number, signed: boolean, colourSpace: number): RgbaImage {
  const where = 'JPEG 2000';
  if (comps < 1 || comps > 4) throw new ChipIdError('UNSUPPORTED', `${where}: ${comps} components`);
  if (bps < 1 || bps > 16) throw new ChipIdError('UNSUPPORTED', `${where}: ${bps} bits per sample`);
  const n = w * h;
  const wide = bps > 8;
  if (buf.length !== n * comps * (wide ? 2 : 1)) {
    throw new ChipIdError('UNSUPPORTED', `${where}: decoded buffer of ${buf.length} bytes for ${w}×${h}×${comps} (subsampled components?)`);
  }
  // Sample i of the interleaved buffer, scaled to 0..255 (16-bit samples are little-endian, as wasm stores them).
  const offset = signed ? 1 << (bps - 1) : 0;
  const max = (1 << bps) - 1;
  const rawAt = wide
    ? (i: number): number => {
        const v = buf[2 * i]! | (buf[2 * i + 1]! << 8);
        return signed ? (v << 16) >> 16 : v;
      }
    : (i: number): number => (signed ? (buf[i]! << 24) >> 24 : buf[i]!);
  const sample = (i: number): number => clamp(((rawAt(i) + offset) * 255) / max);
  const rgba = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    const s = p * comps;
    let r: number, g: number, b: number;
    let a = 255;
    if (comps <= 2) {
      r = g = b = sample(s);
      if (comps === 2) a = sample(s + 1);
    } else {
      r = sample(s);
      g = sample(s + 1);
      b = sample(s + 2);
      if (comps === 4) a = sample(s + 3);
      if (colourSpace === CLRSPC_SYCC) [r, g, b] = ycc(r, g, b);
    }
    const o = p * 4;
    rgba[o] = r;
    rgba[o + 1] = g;
    rgba[o + 2] = b;
    rgba[o + 3] = a;
  }
  return { width: w, height: h, rgba };
}

const clamp = (x: number): number => (x < 0 ? 0 : x > 255 ? 255 : Math.round(x));
/** sYCC → sRGB (IEC 61966-2-1 Amd. 1). */
function ycc(y: number, cb: number, cr: number): [number, number, number] {
  return [clamp(y + 1.402 * (cr - 128)), clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)), clamp(y + 1.772 * (cb - 128))];
}

/** Decodes a baseline/progressive JPEG to RGBA with jpeg-js (typed arrays only; no Buffer). */
export function decodeJpeg(bytes: Uint8Array, opts: DecodeOptions = {}): RgbaImage {
  const where = 'JPEG';
  if (detectImageFormat(bytes) !== 'jpeg') throw new ParseError(where, 'no FFD8FF signature');
  checkLimits(where, bytes, opts);
  try {
    const max = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: max / 1e6, maxMemoryUsageInMB: 256 });
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (e) {
    throw new ParseError(where, 'the image could not be decoded', { cause: e });
  }
}

/** Decodes any portrait DG2/DG5/DG7 can hold (JPEG, JP2, J2K), by magic number. */
export async function decodePortrait(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<RgbaImage> {
  const fmt = detectImageFormat(bytes);
  if (fmt === 'jpeg') return decodeJpeg(bytes, opts);
  if (fmt === 'jp2' || fmt === 'j2k') return decodeJpeg2000(bytes, opts);
  throw new ChipIdError('UNSUPPORTED', 'portrait: unknown image format');
}

/**
 * Encodes RGBA pixels as a baseline JPEG (jpeg-js) so the UI can show any portrait.
 * jpeg-js' encoder returns a Node Buffer under CommonJS: it needs a global Buffer (Node, Electron main).
 */
export function toDisplayableJpeg(rgba: Uint8Array, width: number, height: number, quality = 90): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
    throw new RangeError(`toDisplayableJpeg: bad size ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError('toDisplayableJpeg: rgba length is not width × height × 4');
  if (typeof (globalThis as { Buffer?: unknown }).Buffer === 'undefined') {
    throw new ChipIdError('UNSUPPORTED', 'toDisplayableJpeg needs a Node-like environment (jpeg-js encoder uses Buffer)');
  }
  const out = jpeg.encode({ data: rgba, width, height }, quality).data;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
}

/** A portrait as displayable JPEG: JPEG passes through untouched, JPEG 2000 is decoded and re-encoded. */
export async function portraitToJpeg(bytes: Uint8Array, opts: DecodeOptions & { quality?: number } = {}): Promise<Uint8Array> {
  if (detectImageFormat(bytes) === 'jpeg') return bytes;
  const img = await decodeJpeg2000(bytes, opts);
  return toDisplayableJpeg(img.rgba, img.width, img.height, opts.quality);
}
