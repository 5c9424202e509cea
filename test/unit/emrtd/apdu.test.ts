/** ISO/IEC 7816-4 §5.1 command and response APDUs: cases 1–4, short and extended, Ne 256 / 65536 encodings. */
import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeResponse, encodeCommand, encodeResponse, needsExtended, swHex, type CommandApdu } from '../../../electron/emrtd/apdu.js';
import { fromHex, toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';

const data = (n: number, b = 0x11): Uint8Array => new Uint8Array(n).fill(b);
const hdr = { cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x02 };

function expectCode(fn: () => unknown, code: string): ChipIdError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe(code);
    return e as ChipIdError;
  }
  throw new Error(`expected ChipIdError ${code}`);
}

/** 7816-4 §5.1 Table 1 (short) and Table 2 (extended) layouts, one row per case. */
const CASES: { name: string; cmd: CommandApdu; hex: string; extended: boolean; force?: boolean }[] = [
  { name: 'case 1', cmd: { ...hdr }, hex: '00B00102', extended: false },
  { name: 'case 2S, Ne 1', cmd: { ...hdr, ne: 1 }, hex: '00B0010201', extended: false },
  { name: 'case 2S, Ne 255', cmd: { ...hdr, ne: 255 }, hex: '00B00102FF', extended: false },
  { name: 'case 2S, Ne 256 → Le 00', cmd: { ...hdr, ne: 256 }, hex: '00B0010200', extended: false },
  { name: 'case 3S', cmd: { ...hdr, data: fromHex('011E') }, hex: '00B0010202011E', extended: false },
  { name: 'case 3S, Lc 255', cmd: { ...hdr, data: data(255) }, hex: '00B00102FF' + '11'.repeat(255), extended: false },
  { name: 'case 4S', cmd: { ...hdr, data: fromHex('AABB'), ne: 8 }, hex: '00B0010202AABB08', extended: false },
  { name: 'case 4S, Ne 256 → Le 00', cmd: { ...hdr, data: fromHex('AA'), ne: 256 }, hex: '00B0010201AA00', extended: false },
  { name: 'case 2E, Ne 257', cmd: { ...hdr, ne: 257 }, hex: '00B00102000101', extended: true },
  { name: 'case 2E, Ne 65535', cmd: { ...hdr, ne: 65535 }, hex: '00B0010200FFFF', extended: true },
  { name: 'case 2E, Ne 65536 → Le 00 00', cmd: { ...hdr, ne: 65536 }, hex: '00B00102000000', extended: true },
  { name: 'case 2E forced, Ne 256', cmd: { ...hdr, ne: 256 }, hex: '00B00102000100', extended: true, force: true },
  { name: 'case 3E, Lc 256', cmd: { ...hdr, data: data(256) }, hex: '00B00102000100' + '11'.repeat(256), extended: true },
  { name: 'case 4E, Lc 256, Ne 65536 → Le 00 00', cmd: { ...hdr, data: data(256), ne: 65536 }, hex: '00B00102000100' + '11'.repeat(256) + '0000', extended: true },
  { name: 'case 4E, data short but Ne 300', cmd: { ...hdr, data: fromHex('54020100'), ne: 300 }, hex: '00B0010200000454020100012C', extended: true },
  { name: 'case 4E forced, Ne 256', cmd: { ...hdr, data: fromHex('AA'), ne: 256 }, hex: '00B00102000001AA0100', extended: true, force: true },
];

describe('7816-4 §5.1: command APDU encoding', () => {
  for (const c of CASES) {
    it(`${c.name}: encodes, decodes back, needsExtended agrees`, () => {
      const enc = encodeCommand(c.cmd, c.force);
      expect(toHex(enc)).toBe(c.hex);
      if (!c.force) expect(needsExtended(c.cmd)).toBe(c.extended);
      const dec = decodeCommand(enc);
      expect(dec.extended).toBe(c.extended);
      expect([dec.cla, dec.ins, dec.p1, dec.p2]).toEqual([c.cmd.cla, c.cmd.ins, c.cmd.p1, c.cmd.p2]);
      expect(dec.ne).toBe(c.cmd.ne);
      expect(dec.data ? toHex(dec.data) : undefined).toBe(c.cmd.data ? toHex(c.cmd.data) : undefined);
    });
  }

  it('masks header bytes to 8 bits', () => {
    expect(toHex(encodeCommand({ cla: 0x10c, ins: 0x1b0, p1: 0x100, p2: 0x1ff }))).toBe('0CB000FF');
  });

  const BAD_ENCODE: { name: string; cmd: CommandApdu }[] = [
    { name: 'Ne 0', cmd: { ...hdr, ne: 0 } },
    { name: 'Ne 65537', cmd: { ...hdr, ne: 65537 } },
    { name: 'negative Ne', cmd: { ...hdr, ne: -1 } },
    { name: 'data of 65536 bytes', cmd: { ...hdr, data: data(65536) } },
  ];
  for (const b of BAD_ENCODE) {
    it(`refuses to encode ${b.name} (INTERNAL)`, () => {
      expectCode(() => encodeCommand(b.cmd), 'INTERNAL');
    });
  }
});

describe('7816-4 §5.1: command APDU decoding of malformed input', () => {
  const BAD: { name: string; hex: string }[] = [
    { name: 'empty', hex: '' },
    { name: '3 bytes', hex: '00B001' },
    { name: 'short Lc longer than the body', hex: '00B0010205AABB' },
    { name: 'short Lc shorter than the body by 2', hex: '00B0010201AABBCC' },
    { name: 'extended header cut after 2 bytes', hex: '00B001020001' },
    { name: 'extended Lc of zero', hex: '00B0010200000011' },
    { name: 'extended Lc longer than the body', hex: '00B00102000010AABB' },
    { name: 'extended Le of one byte', hex: '00B00102000001AA01' },
  ];
  for (const b of BAD) {
    it(`${b.name} → PROTOCOL_ERROR`, () => {
      expectCode(() => decodeCommand(fromHex(b.hex)), 'PROTOCOL_ERROR');
    });
  }
});

describe('7816-4 §5.1: response APDUs', () => {
  it('splits data and SW1-SW2', () => {
    const r = decodeResponse(fromHex('0102036282'));
    expect(toHex(r.data)).toBe('010203');
    expect(r.sw).toBe(0x6282);
    const bare = decodeResponse(fromHex('9000'));
    expect(bare.data.length).toBe(0);
    expect(bare.sw).toBe(0x9000);
  });
  it('encodes data + SW and round-trips', () => {
    const raw = encodeResponse(fromHex('CAFE'), 0x6a82);
    expect(toHex(raw)).toBe('CAFE6A82');
    const r = decodeResponse(raw);
    expect(toHex(encodeResponse(r.data, r.sw))).toBe('CAFE6A82');
  });
  for (const hex of ['', '90']) {
    it(`a response of ${hex.length / 2} bytes → PROTOCOL_ERROR`, () => {
      expectCode(() => decodeResponse(fromHex(hex)), 'PROTOCOL_ERROR');
    });
  }
  it('swHex pads to four upper-case digits', () => {
    expect(swHex(0x9000)).toBe('9000');
    expect(swHex(0x6a82)).toBe('6A82');
    expect(swHex(0x61)).toBe('0061');
  });
});
