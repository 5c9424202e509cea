import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { buildDg2, parseDg2, MAX_DG2_INSTANCES } from '../../../../electron/emrtd/lds/dg2.js';
import { detectImageFormat, readImageSize } from '../../../../electron/emrtd/image/format.js';
import { ChipIdError, ParseError } from '../../../../electron/emrtd/errors.js';
import { asciiBytes, concat, u16 } from '../../../../electron/emrtd/bytes.js';
import { tlv } from '../../../../electron/emrtd/tlv.js';
import { FACE_JPEG, FACE2_JPEG, FACE_HEIGHT, FACE_WIDTH } from '../../../../electron/devkit/assets/face.js';
import { h, sharedBytes } from '../../../helpers/shared.js';

const SPECIMENS = ['bsi-tr03105-5', 'etsi-tr103200', 'bdr-test-tsemrtd'];
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);
const bht = tlv(0xa1, tlv(0x81, h('02')), tlv(0x87, h('0101')), tlv(0x88, h('0008')));
const wrap = (...instances: Uint8Array[]): Uint8Array =>
  tlv(0x75, tlv(0x7f61, tlv(0x02, Uint8Array.of(instances.length)), ...instances.map((bdb) => tlv(0x7f60, bht, bdb))));

describe('DG2 on the specimen sets (9303-10 §4.7.2, ISO/IEC 19794-5:2005)', () => {
  for (const set of SPECIMENS) {
    it(`${set}: one JPEG 2000 face, record header and JP2 header read`, () => {
      const raw = sharedBytes(`vectors/specimen/${set}/DG2.bin`);
      const dg2 = parseDg2(raw);
      expect(dg2.raw).toBe(raw);
      expect(dg2.instanceCount).toBe(1);
      expect(dg2.faces).toHaveLength(1);
      const f = dg2.faces[0]!;
      expect(f.recordFormat).toBe('19794-5:2005');
      expect(f.header).toMatchObject({ biometricType: 2, biometricSubtype: 0, formatOwner: 0x0101, formatType: 0x0008 });
      expect(f.format).toBe('jp2');
      expect(f.imageDataType).toBe(1); // 19794-5 §5.7.2: 1 = JPEG 2000
      expect(f.faceImageType).toBe(1); // full frontal
      // what the record header declares (bytes 0151 01C1 in the file) …
      expect([f.width, f.height]).toEqual([337, 449]);
      // … and what the JP2 ihdr box says: the specimen's record header disagrees with its own image.
      expect(f.imageSize).toEqual({ width: 413, height: 531 });
      // the image runs to the end of the file: facial block 0x3AB7 minus 20 + 12 header bytes
      expect(f.image.length).toBe(0x3ab7 - 32);
      expect(f.image[f.image.length - 2]).toBe(0xff); // EOC marker FFD9 closes the codestream
      expect(f.image[f.image.length - 1]).toBe(0xd9);
      expect(f.featurePoints).toEqual([]);
    });
  }
});

describe('DG2 builder round trip', () => {
  for (const [name, img] of [['face', FACE_JPEG], ['face2', FACE2_JPEG]] as const) {
    it(`${name}: build → parse gives the same JPEG and size`, () => {
      const b = buildDg2(img, FACE_WIDTH, FACE_HEIGHT);
      const d = parseDg2(b);
      expect(d.faces).toHaveLength(1);
      const f = d.faces[0]!;
      expect(f).toMatchObject({ recordFormat: '19794-5:2005', format: 'jpeg', width: FACE_WIDTH, height: FACE_HEIGHT, imageDataType: 0 });
      expect(f.image).toEqual(img);
      // independent decoder agrees on the size
      const dec = jpeg.decode(f.image, { useTArray: true });
      expect([dec.width, dec.height]).toEqual([FACE_WIDTH, FACE_HEIGHT]);
      expect(f.imageSize).toEqual({ width: dec.width, height: dec.height });
    });
  }

  it('refuses non-JPEG input and bad sizes', () => {
    expect(() => buildDg2(h('0000000C6A502020'), 1, 1)).toThrow(TypeError);
    expect(() => buildDg2(FACE_JPEG, 0, 320)).toThrow(RangeError);
    expect(() => buildDg2(FACE_JPEG, 240, 70000)).toThrow(RangeError);
  });
});

/** ISO/IEC 19794-5:2011 record built by hand: 17-byte header, one representation. */
function record2011(image: Uint8Array, w: number, h2: number): Uint8Array {
  const quality = concat(Uint8Array.of(1), Uint8Array.of(80, 0x01, 0x01, 0x00, 0x01)); // 1 quality block
  const facial = concat(u16(2), Uint8Array.of(1, 2, 3, 0), new Uint8Array(3), u16(0), new Uint8Array(6)); // 2 landmarks
  const lms = concat(Uint8Array.of(1, 0x11), u16(100), u16(120), u16(0), Uint8Array.of(1, 0x12), u16(140), u16(121), u16(0));
  const info = concat(Uint8Array.of(1, 0), u16(w), u16(h2), Uint8Array.of(0), u16(0), Uint8Array.of(0, 1));
  const body = concat(new Uint8Array(9), Uint8Array.of(0), u16(0), u16(0), quality, facial, lms, info, image);
  const rep = concat(u32(4 + body.length), body);
  return concat(asciiBytes('FAC\x00030\x00'), u32(17 + rep.length), u16(1), Uint8Array.of(0), u16(0), rep);
}

describe('DG2 other record formats', () => {
  it('parses an ISO/IEC 19794-5:2011 record', () => {
    const d = parseDg2(wrap(tlv(0x5f2e, record2011(FACE_JPEG, 240, 320))));
    const f = d.faces[0]!;
    expect(f).toMatchObject({ recordFormat: '19794-5:2011', format: 'jpeg', width: 240, height: 320, gender: 1, eyeColour: 2, hairColour: 3, colourSpace: 1 });
    expect(f.featurePoints).toEqual([
      { type: 1, code: 0x11, x: 100, y: 120 },
      { type: 1, code: 0x12, x: 140, y: 121 },
    ]);
    expect(f.image).toEqual(FACE_JPEG);
  });

  it('finds the image in an ISO/IEC 39794-5 tagged block (7F2E), size from the JPEG header', () => {
    const block = tlv(0x7f2e, tlv(0xa1, tlv(0x80, h('0300')), tlv(0xa2, tlv(0xa0, tlv(0x80, FACE2_JPEG), tlv(0x81, h('01'))))));
    const f = parseDg2(wrap(block)).faces[0]!;
    expect(f).toMatchObject({ recordFormat: '39794-5', format: 'jpeg', width: 240, height: 320 });
    expect(f.image).toEqual(FACE2_JPEG);
    expect(() => parseDg2(wrap(tlv(0x7f2e, tlv(0xa1, tlv(0x80, h('0300'))))))).toThrow(/no image found/);
  });
});

describe('DG2 hostile inputs', () => {
  const good = buildDg2(FACE_JPEG, 240, 320);
  const rec = parseDg2(good).faces[0]!.image; // sanity
  expect(detectImageFormat(rec)).toBe('jpeg');
  const record = (patch: (r: Uint8Array) => void): Uint8Array => {
    const r = concat(asciiBytes('FAC\x00010\x00'), u32(14 + 32 + 4), u16(1), u32(32 + 4), new Uint8Array(16), Uint8Array.of(1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0), h('FFD8FFD9'));
    patch(r);
    return wrap(tlv(0x5f2e, r));
  };
  expect(parseDg2(record(() => undefined)).faces[0]!.image).toEqual(h('FFD8FFD9'));

  const cases: [string, Uint8Array, string, RegExp][] = [
    ['truncated file', good.subarray(0, 100), 'PARSE_ERROR', /exceeds the data/],
    ['trailing bytes', concat(good, h('00')), 'PARSE_ERROR', /trailing/],
    ['wrong outer tag', tlv(0x76, good.subarray(4)), 'PARSE_ERROR', /expected tag 75/],
    ['record length beyond the block', record((r) => r.set(u32(0xffff), 8)), 'PARSE_ERROR', /record length/],
    ['face block length beyond the record', record((r) => r.set(u32(0x7fffffff), 14)), 'PARSE_ERROR', /block length/],
    ['face block with no image', record((r) => r.set(u32(32), 14)), 'PARSE_ERROR', /no image data/],
    ['face block shorter than its headers', record((r) => r.set(u32(31), 14)), 'PARSE_ERROR', /block length 31/],
    ['feature points beyond the block', record((r) => r.set(u16(3), 18)), 'PARSE_ERROR', /no image data|exceeds/],
    ['65535 feature points', record((r) => r.set(u16(0xffff), 18)), 'LIMIT_EXCEEDED', /feature points/],
    ['too many faces', record((r) => r.set(u16(500), 12)), 'LIMIT_EXCEEDED', /faces/],
    ['unknown 19794-5 version', record((r) => r.set(asciiBytes('020'), 4)), 'UNSUPPORTED', /version/],
    ['count disagrees with instances', tlv(0x75, tlv(0x7f61, tlv(0x02, h('02')), tlv(0x7f60, bht, tlv(0x5f2e, h('00'))))), 'PARSE_ERROR', /declares 2/],
    ['too many instances', wrap(...Array.from({ length: MAX_DG2_INSTANCES + 1 }, () => tlv(0x5f2e, h('00')))), 'LIMIT_EXCEEDED', /instances/],
    ['missing BHT', tlv(0x75, tlv(0x7f61, tlv(0x02, h('01')), tlv(0x7f60, tlv(0x5f2e, h('00'))))), 'PARSE_ERROR', /A1/],
    ['missing data block', tlv(0x75, tlv(0x7f61, tlv(0x02, h('01')), tlv(0x7f60, bht))), 'PARSE_ERROR', /5F2E/],
    ['huge length', h('75 84 7FFFFFFF 7F61'), 'PARSE_ERROR', /exceeds the data/],
  ];
  for (const [name, bytes, code, msg] of cases) {
    it(`rejects ${name} (${code})`, () => {
      let err: unknown;
      try {
        parseDg2(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ChipIdError);
      expect((err as ChipIdError).code).toBe(code);
      expect((err as ChipIdError).message).toMatch(msg);
      if (code === 'PARSE_ERROR') expect(err).toBeInstanceOf(ParseError);
    });
  }

  it('reports format "unknown" for a data block whose image has no known magic', () => {
    const f = parseDg2(record((r) => r.set(h('00000000'), r.length - 4))).faces[0]!;
    expect(f.format).toBe('unknown');
    expect(f.imageSize).toBeUndefined();
  });

  it('reads sizes from image headers without decoding', () => {
    expect(readImageSize(FACE_JPEG)).toEqual({ width: 240, height: 320 });
    expect(readImageSize(h('FFD8FFD9'))).toBeUndefined();
    expect(readImageSize(h('0000000C6A5020200D0A870A'))).toBeUndefined();
  });
});
