import { describe, expect, it } from 'vitest';
import { buildCom, parseCom } from '../../../../electron/emrtd/lds/com.js';
import { dgFile, dgNumberOfTag, dgTag, EF_CARD_ACCESS, EF_CARD_SECURITY, EF_COM, EF_SOD } from '../../../../electron/emrtd/lds/files.js';
import { ParseError } from '../../../../electron/emrtd/errors.js';
import { asciiBytes, concat } from '../../../../electron/emrtd/bytes.js';
import { tlv } from '../../../../electron/emrtd/tlv.js';
import { h, sharedBytes } from '../../../helpers/shared.js';

describe('EF.COM (9303-10 §4.6.1)', () => {
  it('parses the BSI TR-03105-5 specimen: LDS 1.7, Unicode 4.0.0, DG1–4 and DG14', () => {
    const raw = sharedBytes('vectors/specimen/bsi-tr03105-5/EF_COM.bin');
    const com = parseCom(raw);
    expect(com.ldsVersion).toBe('1.7');
    expect(com.unicodeVersion).toBe('4.0.0');
    // tag list 61 75 63 76 6E in the file
    expect(com.dataGroups).toEqual([1, 2, 3, 4, 14]);
    expect(com.unknownTags).toEqual([]);
    expect(com.raw).toBe(raw);
  });

  it('parses the Bundesdruckerei test passport (tag list 61 75 63 6E)', () => {
    const com = parseCom(sharedBytes('vectors/specimen/bdr-test-tsemrtd/EF_COM.bin'));
    expect(com.dataGroups).toEqual([1, 2, 3, 14]);
  });

  it('builds the CCCD list and parses it back', () => {
    const cccd = [1, 2, 3, 13, 14, 15];
    const b = buildCom(cccd);
    expect(b[0]).toBe(0x60);
    expect(parseCom(b)).toMatchObject({ ldsVersion: '1.7', unicodeVersion: '4.0.0', dataGroups: cccd });
    // byte-exact against the BSI specimen layout when given the same list
    const bsi = sharedBytes('vectors/specimen/bsi-tr03105-5/EF_COM.bin');
    expect(buildCom([1, 2, 3, 4, 14])).toEqual(bsi);
  });

  const lds = tlv(0x5f01, asciiBytes('0107'));
  const uni = tlv(0x5f36, asciiBytes('040000'));
  const list = (...tags: number[]): Uint8Array => tlv(0x5c, Uint8Array.from(tags));

  it('keeps tags that are no data group and de-duplicates', () => {
    const com = parseCom(tlv(0x60, lds, uni, list(0x61, 0x61, 0x99, 0x6d)));
    expect(com.dataGroups).toEqual([1, 13]);
    expect(com.unknownTags).toEqual([0x99]);
  });

  const good = buildCom([1, 2]);
  const bad: [string, Uint8Array, RegExp][] = [
    ['wrong outer tag', tlv(0x61, lds, uni, list(0x61)), /expected tag 60, found 61/],
    ['truncated', good.subarray(0, good.length - 1), /exceeds the data/],
    ['trailing bytes', concat(good, Uint8Array.of(0)), /1 trailing bytes/],
    ['missing tag list', tlv(0x60, lds, uni), /tag list \(5C\) missing/],
    ['missing LDS version', tlv(0x60, uni, list(0x61)), /LDS version \(5F01\) missing/],
    ['non-digit version', tlv(0x60, tlv(0x5f01, asciiBytes('01A7')), uni, list(0x61)), /EF\.COM\(LDS version\): expected 4 ASCII digits/],
    ['huge length', h('60 84 FFFFFFFF 5C'), /exceeds the data/],
    ['oversize tag list', tlv(0x60, lds, uni, list(...new Array<number>(40).fill(0x61))), /EF\.COM\(tag list\): 40 entries/],
  ];
  for (const [name, bytes, msg] of bad) {
    it(`rejects ${name} with ParseError`, () => {
      expect(() => parseCom(bytes)).toThrow(ParseError);
      expect(() => parseCom(bytes)).toThrow(msg);
    });
  }
});

describe('LDS file ids (9303-10 Table 34/35)', () => {
  it('maps data groups to tags, file ids and short EF ids', () => {
    expect(dgTag(2)).toBe(0x75);
    expect(dgTag(13)).toBe(0x6d);
    expect(dgNumberOfTag(0x70)).toBe(16);
    expect(dgNumberOfTag(0x62)).toBeUndefined();
    expect(dgFile(13)).toEqual({ fid: 0x010d, sfi: 0x0d });
    expect(EF_COM).toEqual({ fid: 0x011e, sfi: 0x1e });
    expect(EF_SOD.fid).toBe(0x011d);
    expect(EF_CARD_ACCESS.fid).toBe(0x011c);
    expect(EF_CARD_SECURITY.fid).toBe(0x011d);
    expect(() => dgTag(17)).toThrow(RangeError);
    expect(() => dgFile(0)).toThrow(RangeError);
  });
});
