import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { base64Decode, base64Encode } from '../../../electron/emrtd/base64.js';
import { asciiBytes } from '../../../electron/emrtd/bytes.js';
import { FACE_JPEG, FACE2_JPEG, FACE_HEIGHT, FACE_WIDTH } from '../../../electron/devkit/assets/face.js';
import { REPO_DIR } from '../../helpers/shared.js';

describe('base64 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, enc] of vectors) {
    it(`"${plain}" ↔ "${enc}"`, () => {
      expect(base64Encode(asciiBytes(plain))).toBe(enc);
      expect(base64Decode(enc)).toEqual(asciiBytes(plain));
    });
  }

  it('round-trips every byte value and ignores white space', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const enc = base64Encode(all);
    expect(enc).toContain('+');
    expect(enc).toContain('/');
    expect(base64Decode(enc.replace(/(.{60})/g, '$1\n'))).toEqual(all);
  });

  for (const bad of ['Zg=', 'Z===', 'Zm9v!A==', '=Zm9', 'Zm=v', 'Zg==Zg==', 'Zm9vYmFyé===']) {
    it(`rejects "${bad}"`, () => {
      expect(() => base64Decode(bad)).toThrow(TypeError);
    });
  }
});

describe('synthetic face assets', () => {
  for (const [name, bytes] of [['face.jpg', FACE_JPEG], ['face2.jpg', FACE2_JPEG]] as const) {
    it(`${name}: the TS module holds the same bytes as the .jpg, a ${FACE_WIDTH}×${FACE_HEIGHT} colour JPEG of 10–16 KiB`, () => {
      const file = new Uint8Array(readFileSync(join(REPO_DIR, 'electron/devkit/assets', name)));
      expect(bytes).toEqual(file);
      expect(bytes.length).toBeGreaterThanOrEqual(10 * 1024);
      expect(bytes.length).toBeLessThanOrEqual(16 * 1024);
      const img = jpeg.decode(bytes, { useTArray: true });
      expect([img.width, img.height]).toEqual([FACE_WIDTH, FACE_HEIGHT]);
      // colour: somewhere a pixel with clearly different channels
      let chroma = 0;
      for (let i = 0; i < img.data.length; i += 4) chroma = Math.max(chroma, Math.abs(img.data[i]! - img.data[i + 2]!));
      expect(chroma).toBeGreaterThan(60);
    });
  }

  it('the two faces differ', () => {
    expect(FACE_JPEG).not.toEqual(FACE2_JPEG);
  });
});
