/** BER-TLV as used by 7816-4 and the LDS (9303-10 §4): multi-byte tags, long-form lengths, bounds. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError, ParseError } from '../../../electron/emrtd/errors.js';
import {
  encodeLength,
  encodeTag,
  expectTlv,
  findTlv,
  readLength,
  readTag,
  readTlv,
  readTlvs,
  tlv,
  tlvTotalLength,
} from '../../../electron/emrtd/tlv.js';

function expectParseError(fn: () => unknown, ...fragments: string[]): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe('PARSE_ERROR');
    for (const f of fragments) expect((e as Error).message).toContain(f);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('tags', () => {
  const TAGS: { hex: string; tag: number; constructed: boolean }[] = [
    { hex: '02', tag: 0x02, constructed: false },
    { hex: '61', tag: 0x61, constructed: true },
    { hex: '5F1F', tag: 0x5f1f, constructed: false }, // 9303-10: MRZ data element in DG1
    { hex: '7F61', tag: 0x7f61, constructed: true }, // 9303-10: biometric information group template (DG2)
    { hex: '7F2E', tag: 0x7f2e, constructed: true },
    { hex: '9F8101', tag: 0x9f8101, constructed: false },
    { hex: '1F818101', tag: 0x1f818101, constructed: false },
  ];
  for (const t of TAGS) {
    it(`${t.hex}: reads, encodes back, constructed=${t.constructed}`, () => {
      const b = fromHex(t.hex + '00');
      expect(readTag(b, 0)).toEqual([t.tag, t.hex.length / 2]);
      expect(toHex(encodeTag(t.tag))).toBe(t.hex);
      expect(readTlv(b).constructed).toBe(t.constructed);
    });
  }
  it('a tag longer than 4 bytes is refused', () => {
    expectParseError(() => readTag(fromHex('1F8181810100'), 0, 'EF.X'), 'EF.X', 'longer than 4 bytes');
  });
  it('a multi-byte tag cut short is refused', () => {
    expectParseError(() => readTag(fromHex('5F'), 0, 'DG1'), 'DG1', 'tag runs past the end');
    expectParseError(() => readTag(fromHex('7F81'), 0, 'DG2'), 'DG2');
  });
  it('no tag at the end of the data', () => {
    expectParseError(() => readTag(fromHex('61'), 1, 'EF.COM'), 'EF.COM', 'offset 1');
  });
});

describe('lengths', () => {
  const LENGTHS: { hex: string; len: number }[] = [
    { hex: '00', len: 0 },
    { hex: '7F', len: 127 },
    { hex: '8180', len: 128 },
    { hex: '81FF', len: 255 },
    { hex: '820100', len: 256 },
    { hex: '82FFFF', len: 65535 },
    { hex: '83010000', len: 65536 },
    { hex: '8401000000', len: 0x1000000 },
  ];
  for (const l of LENGTHS) {
    it(`${l.hex} = ${l.len}, and back`, () => {
      expect(readLength(fromHex(l.hex), 0)).toEqual([l.len, l.hex.length / 2, false]);
      expect(toHex(encodeLength(l.len))).toBe(l.hex);
    });
  }
  it('long form that is not minimal is still read (8200 7F)', () => {
    expect(readLength(fromHex('82007F'), 0)[0]).toBe(127);
  });
  it('a length field of 5 bytes is refused', () => {
    expectParseError(() => readLength(fromHex('850000000001'), 0, 'EF.SOD'), 'EF.SOD', 'length field of 5 bytes');
  });
  it('a length field cut short is refused', () => {
    expectParseError(() => readLength(fromHex('8201'), 0, 'DG2'), 'DG2', 'runs past the end');
    expectParseError(() => readLength(fromHex(''), 0, 'DG2'), 'DG2', 'length expected');
  });
  it('indefinite length: refused unless allowed, then reported', () => {
    expectParseError(() => readLength(fromHex('80'), 0, 'DG13'), 'DG13', 'indefinite');
    expect(readLength(fromHex('80'), 0, 'DG13', true)).toEqual([0, 1, true]);
  });
});

describe('TLVs', () => {
  it('reads nested multi-byte tags with long-form lengths', () => {
    const inner = tlv(0x5f2e, new Uint8Array(300).fill(0xab));
    const outer = tlv(0x7f61, tlv(0x02, Uint8Array.of(1)), tlv(0x7f60, inner));
    expect(toHex(outer.subarray(0, 4))).toBe('7F618201');
    const t = expectTlv(outer, 0x7f61, 'DG2');
    expect(t.constructed).toBe(true);
    expect(t.valueStart).toBe(5);
    expect(t.end).toBe(outer.length);
    const kids = readTlvs(t.value, 'DG2');
    expect(kids.map((k) => k.tag)).toEqual([0x02, 0x7f60]);
    const bdb = findTlv(kids[1]!.value, 0x5f2e, 'DG2')!;
    expect(bdb.value.length).toBe(300);
    expect(bdb.value.every((b) => b === 0xab)).toBe(true);
    expect(findTlv(t.value, 0x5f1f)).toBeUndefined();
  });

  it('a length beyond the buffer → ParseError naming the place and the tag', () => {
    const e = expectParseError(() => readTlv(fromHex('5F1F0A3132'), 0, 'DG1(MRZ)'), 'DG1(MRZ)', '5F1F', 'length 10');
    expect(e.message).toContain('2 left');
  });

  it('a length beyond the limit (but within the buffer) is refused', () => {
    const b = fromHex('0403AABBCC');
    expect(readTlv(b).value.length).toBe(3);
    expectParseError(() => readTlv(b, 0, 'DG13(field 9)', 4), 'DG13(field 9)', 'exceeds');
  });

  it('readTlvs refuses trailing garbage', () => {
    expectParseError(() => readTlvs(fromHex('0101AA02'), 'EF.COM'), 'EF.COM');
  });

  it('expectTlv names expected and found tags', () => {
    expectParseError(() => expectTlv(fromHex('6100'), 0x75, 'DG2'), 'DG2', 'expected tag 75', 'found 61');
  });

  it('tlv() concatenates values and round-trips', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536]) {
      const v = new Uint8Array(n).map((_, i) => i & 0xff);
      for (const tag of [0x53, 0x5f1f, 0x7f61]) {
        const enc = tlv(tag, v.subarray(0, n >> 1), v.subarray(n >> 1));
        const t = readTlv(enc);
        expect(t.tag).toBe(tag);
        expect(t.end).toBe(enc.length);
        expect(toHex(t.value)).toBe(toHex(v));
        expect(tlvTotalLength(enc)).toBe(enc.length);
      }
    }
  });
});

describe('tlvTotalLength: sizing a file from its first bytes', () => {
  const ROWS: { hex: string; total: number | undefined; why: string }[] = [
    { hex: '', total: undefined, why: 'nothing yet' },
    { hex: '75', total: undefined, why: 'tag only' },
    { hex: '7582', total: undefined, why: 'long-form length announced, no bytes' },
    { hex: '758201', total: undefined, why: 'long-form length half there' },
    { hex: '75820100', total: 260, why: 'complete 2-byte length' },
    { hex: '7F', total: undefined, why: 'first byte of a two-byte tag' },
    { hex: '7F61', total: undefined, why: 'two-byte tag, no length' },
    { hex: '7F6105', total: 8, why: 'two-byte tag, short length' },
    { hex: '6016', total: 24, why: 'EF.COM header' },
    { hex: '7784001000000000', total: 6 + 0x100000, why: 'a 1 MiB announcement is computed, not read' },
    { hex: '778500000000010000', total: undefined, why: 'a 5-byte length field is malformed' },
    { hex: '7780', total: undefined, why: 'indefinite length is not a file size' },
  ];
  for (const r of ROWS) {
    it(`${r.hex || '(empty)'} → ${r.total} (${r.why})`, () => {
      expect(tlvTotalLength(fromHex(r.hex))).toBe(r.total);
    });
  }
});
