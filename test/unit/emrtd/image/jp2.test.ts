import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { decodeJpeg, decodeJpeg2000, decodePortrait, portraitToJpeg, toDisplayableJpeg, type RgbaImage } from '../../../../electron/emrtd/image/jp2.js';
import { detectImageFormat, readImageSize } from '../../../../electron/emrtd/image/format.js';
import { parseDg2 } from '../../../../electron/emrtd/lds/dg2.js';
import { ChipIdError, ParseError } from '../../../../electron/emrtd/errors.js';
import { FACE_JPEG, FACE2_JPEG } from '../../../../electron/devkit/assets/face.js';
import { h, sharedBytes } from '../../../helpers/shared.js';

const require = createRequire(import.meta.url);
const specimenJp2 = (): Uint8Array => parseDg2(sharedBytes('vectors/specimen/bsi-tr03105-5/DG2.bin')).faces[0]!.image;

/** The codec's own encoder (independent of our decode path): RGB or grey samples → J2K codestream. */
async function encodeJ2k(pixels: Uint8Array, width: number, height: number, comps: 1 | 3, lossy = false): Promise<Uint8Array> {
  const factory = (await import('@cornerstonejs/codec-openjpeg/wasmjs')).default;
  const m = await factory({ print: () => undefined, printErr: () => undefined });
  const enc = new m.J2KEncoder!();
  try {
    enc.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: comps, isSigned: false }).set(pixels);
    if (lossy) {
      enc.setQuality(false, 0); // irreversible 9/7 wavelet
      enc.setCompressionRatio(0, 20);
    }
    enc.encode();
    return enc.getEncodedBuffer().slice();
  } finally {
    enc.delete();
  }
}

function rgbOf(img: RgbaImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 3);
  for (let p = 0; p < img.width * img.height; p++) out.set(img.rgba.subarray(p * 4, p * 4 + 3), p * 3);
  return out;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}

describe('JPEG 2000 decoding (OpenJPEG wasm)', () => {
  it('decodes the specimen DG2 JP2 to the size its ihdr box declares', async () => {
    const jp2 = specimenJp2();
    expect(detectImageFormat(jp2)).toBe('jp2');
    const img = await decodeJpeg2000(jp2);
    expect({ width: img.width, height: img.height }).toEqual(readImageSize(jp2));
    expect([img.width, img.height]).toEqual([413, 531]);
    expect(img.rgba.length).toBe(413 * 531 * 4);
    // a photograph, not a blank: plenty of distinct values, opaque
    const distinct = new Set(img.rgba.filter((_, i) => i % 4 === 1));
    expect(distinct.size).toBeGreaterThan(100);
    expect(img.rgba.every((v, i) => i % 4 !== 3 || v === 255)).toBe(true);
  });

  it('round-trips a lossless J2K codestream pixel for pixel', async () => {
    const ref = jpeg.decode(FACE_JPEG, { useTArray: true, formatAsRGBA: true });
    const rgb = rgbOf({ width: ref.width, height: ref.height, rgba: ref.data });
    const j2k = await encodeJ2k(rgb, ref.width, ref.height, 3);
    expect(detectImageFormat(j2k)).toBe('j2k');
    expect(readImageSize(j2k)).toEqual({ width: 240, height: 320 });
    const img = await decodeJpeg2000(j2k);
    expect([img.width, img.height]).toEqual([240, 320]);
    expect(rgbOf(img)).toEqual(rgb);
  });

  it('decodes a lossy codestream close to the original', async () => {
    const ref = jpeg.decode(FACE2_JPEG, { useTArray: true, formatAsRGBA: true });
    const rgb = rgbOf({ width: ref.width, height: ref.height, rgba: ref.data });
    const j2k = await encodeJ2k(rgb, ref.width, ref.height, 3, true);
    expect(j2k.length).toBeLessThan((await encodeJ2k(rgb, ref.width, ref.height, 3)).length);
    const img = await decodeJpeg2000(j2k);
    const diff = meanAbsDiff(rgbOf(img), rgb);
    expect(diff).toBeGreaterThan(0); // really lossy …
    expect(diff).toBeLessThan(6); // … and still the same picture
  });

  it('expands greyscale to RGBA', async () => {
    // (the encoder's default 5 decomposition levels need at least 64 × 64)
    const grey = new Uint8Array(64 * 64).map((_, i) => (i * 7 + (i >> 6)) & 0xff);
    const img = await decodeJpeg2000(await encodeJ2k(grey, 64, 64, 1));
    for (let p = 0; p < grey.length; p++) {
      expect([img.rgba[p * 4], img.rgba[p * 4 + 1], img.rgba[p * 4 + 2], img.rgba[p * 4 + 3]]).toEqual([grey[p], grey[p], grey[p], 255]);
    }
  });

  it('rejects non-JPEG-2000 input, truncated codestreams and oversize images', async () => {
    await expect(decodeJpeg2000(FACE_JPEG)).rejects.toThrow(ParseError);
    const jp2 = specimenJp2();
    await expect(decodeJpeg2000(jp2.subarray(0, jp2.length - 100))).rejects.toThrow(/could not be decoded/);
    await expect(decodeJpeg2000(jp2, { maxPixels: 100_000 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await expect(decodeJpeg2000(jp2, { maxInputBytes: 1000 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    // SIZ announcing 60000 × 60000 is refused before the decoder allocates anything
    const siz = h('FF4F FF51 0029 0000 0000EA60 0000EA60 00000000 00000000 00000100 00000100 00000000 00000000 0001 07 01 01');
    await expect(decodeJpeg2000(siz)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('uses a caller-supplied wasmBinary (fresh module state)', async () => {
    vi.resetModules();
    const fresh = await import('../../../../electron/emrtd/image/jp2.js');
    await expect(fresh.decodeJpeg2000(specimenJp2(), { wasmBinary: h('0061736D 01000000 FF') })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    // a failed load is not cached: the real binary works on the next call
    const wasm = new Uint8Array(readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm')));
    const img = await fresh.decodeJpeg2000(specimenJp2(), { wasmBinary: wasm });
    expect([img.width, img.height]).toEqual([413, 531]);
  });
});

describe('display helpers', () => {
  it('toDisplayableJpeg encodes RGBA that jpeg-js decodes back to a similar image', async () => {
    const img = await decodeJpeg2000(specimenJp2());
    const out = toDisplayableJpeg(img.rgba, img.width, img.height);
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    expect(detectImageFormat(out)).toBe('jpeg');
    const back = jpeg.decode(out, { useTArray: true, formatAsRGBA: true });
    expect([back.width, back.height]).toEqual([413, 531]);
    expect(meanAbsDiff(rgbOf({ ...img, rgba: back.data }), rgbOf(img))).toBeLessThan(4);
    expect(() => toDisplayableJpeg(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });

  it('decodePortrait and portraitToJpeg handle JPEG and JPEG 2000', async () => {
    expect(await portraitToJpeg(FACE_JPEG)).toBe(FACE_JPEG);
    const conv = await portraitToJpeg(specimenJp2());
    expect(readImageSize(conv)).toEqual({ width: 413, height: 531 });
    const a = await decodePortrait(FACE_JPEG);
    expect([a.width, a.height]).toEqual([240, 320]);
    expect(decodeJpeg(FACE2_JPEG).rgba.length).toBe(240 * 320 * 4);
    await expect(decodePortrait(h('00010203'))).rejects.toBeInstanceOf(ChipIdError);
    expect(() => decodeJpeg(h('FFD8FF00 0000'))).toThrow(ParseError);
  });
});
