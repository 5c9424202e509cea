/**
 * The minimal failing inputs the fuzz properties found (test/fuzz/parsers.test.ts, npm run fuzz), each kept
 * as a regression test beside the fix it led to. See docs/fuzzing.md.
 */
import { describe, expect, it } from 'vitest';
import { parseAsn1, readTime } from '../../electron/pki/asn1.js';
import { ChipIdError } from '../../electron/emrtd/errors.js';

const enc = new TextEncoder();
const timeNode = (s: string, tag = /^\d{14}/.test(s) ? 0x18 : 0x17) => parseAsn1(Uint8Array.of(tag, s.length, ...enc.encode(s)), 'fuzz');

describe('fuzz regressions', () => {
  // asn1 property, seed 20261203: a certificate whose UTCTime read "202214032246Z" (month 22) was taken
  // as 2021-10-14: impossible dates rolled over into real ones instead of being refused.
  it.each(['202214032246Z', '491301000000Z', '490230000000Z', '490431000000Z', '490101240000Z', '490101006000Z', '490101000060Z', '20491301000000Z', '20490229000000Z', '490101000000+2400', '490101000000+0060'])(
    'readTime refuses the impossible time %s',
    (s) => {
      let err: unknown;
      try {
        readTime(timeNode(s), 'Certificate.validity');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ChipIdError);
      expect((err as ChipIdError).code).toBe('PARSE_ERROR');
    },
  );

  it.each([
    ['480229235959Z', '2048-02-29T23:59:59.000Z'],
    ['20240229000000Z', '2024-02-29T00:00:00.000Z'],
    ['491231235959Z', '2049-12-31T23:59:59.000Z'],
    ['500101000000Z', '1950-01-01T00:00:00.000Z'],
    ['490101000000+0700', '2048-12-31T17:00:00.000Z'],
  ])('readTime still reads the real time %s', (s, iso) => {
    expect(readTime(timeNode(s), 'fuzz').toISOString()).toBe(iso);
  });
});
