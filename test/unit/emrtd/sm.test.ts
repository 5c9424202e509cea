import { describe, expect, it } from 'vitest';
import { CardSecureMessaging, SecureMessaging, type SmOptions } from '../../../electron/emrtd/sm.js';
import { SmSession } from '../../../electron/emrtd/sm-core.js';
import { type CommandApdu, encodeResponse } from '../../../electron/emrtd/apdu.js';
import { concat, toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import type { SmCipherSuite } from '../../../electron/emrtd/crypto/kdf.js';
import { tlv } from '../../../electron/emrtd/tlv.js';
import { h, icaoVectors } from '../../helpers/shared.js';

const d4 = icaoVectors().sm;
const aes = icaoVectors().realSessions.gmrtd_SM_AES256;

const d4Opts = (): SmOptions => ({ suite: '3DES', ksEnc: h(d4.ksEnc), ksMac: h(d4.ksMac), ssc: h(d4.initialSsc) });
const aesOpts = (): SmOptions => ({ suite: 'AES-256', ksEnc: h(aes.ksEnc), ksMac: h(aes.ksMac), ssc: h(aes.initialSsc) });

interface D4Cmd { cla: string; ins: string; p1: string; p2: string; data: string | null; le: string | null }
function d4Command(c: D4Cmd): CommandApdu {
  const cmd: CommandApdu = { cla: parseInt(c.cla, 16), ins: parseInt(c.ins, 16), p1: parseInt(c.p1, 16), p2: parseInt(c.p2, 16) };
  if (c.data) cmd.data = h(c.data);
  if (c.le) cmd.ne = parseInt(c.le, 16) || 256;
  return cmd;
}

/** The three commands of the AES-256 transcript (SELECT EF.COM, READ BINARY 4, READ BINARY 0x16 from 4). */
const aesCommands: CommandApdu[] = [
  { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') },
  { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 },
  { cla: 0, ins: 0xb0, p1: 0, p2: 4, ne: 0x16 },
];

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

describe('9303-11 App. D.4: 3DES secure messaging', () => {
  it('reader side: protected commands, responses and SSC byte for byte', () => {
    const sm = new SecureMessaging(d4Opts());
    for (const s of d4.steps) {
      expect(toHex(sm.wrapCommand(d4Command(s.command)))).toBe(s.protectedApdu);
      expect(toHex(sm.ssc)).toBe(s.sscForCommand);
      const r = sm.unwrapResponse(h(s.protectedResponse));
      expect(toHex(sm.ssc)).toBe(s.sscForResponse);
      expect(toHex(encodeResponse(r.data, r.sw))).toBe(s.unprotectedResponse);
    }
    expect(toHex(sm.ssc)).toBe(d4.finalSsc);
  });
  it('chip side: unwraps the printed commands and answers the printed responses', () => {
    const card = new CardSecureMessaging(d4Opts());
    for (const s of d4.steps) {
      const cmd = card.unwrapCommand(h(s.protectedApdu));
      const want = d4Command(s.command);
      expect(cmd.cla).toBe(want.cla);
      expect(cmd.ins).toBe(want.ins);
      expect([cmd.p1, cmd.p2]).toEqual([want.p1, want.p2]);
      expect(cmd.data ? toHex(cmd.data) : null).toBe(want.data ? toHex(want.data) : null);
      expect(cmd.ne).toBe(want.ne);
      expect(cmd.extended).toBe(false);
      expect(toHex(card.ssc)).toBe(s.sscForCommand);
      expect(toHex(card.wrapResponse(h(s.decryptedData ?? ''), 0x9000))).toBe(s.protectedResponse);
    }
    expect(toHex(card.ssc)).toBe(d4.finalSsc);
  });
});

describe('gmrtd AES-256 secure messaging transcript', () => {
  it('reader side: commands byte for byte, responses verify and decrypt', () => {
    const sm = new SecureMessaging(aesOpts());
    expect(sm.suite).toBe('AES-256');
    aes.exchanges.forEach((x: { command: string; response: string; plainResponse?: string }, i: number) => {
      expect(toHex(sm.wrapCommand(aesCommands[i]!))).toBe(x.command);
      const r = sm.unwrapResponse(h(x.response));
      expect(r.sw).toBe(0x9000);
      expect(toHex(r.data)).toBe(x.plainResponse ?? '');
    });
    expect(toHex(sm.ssc)).toBe(aes.finalSsc);
  });
  it('chip side: answers byte for byte', () => {
    const card = new CardSecureMessaging(aesOpts());
    aes.exchanges.forEach((x: { command: string; response: string; plainResponse?: string }, i: number) => {
      const cmd = card.unwrapCommand(h(x.command));
      expect(cmd.ne).toBe(aesCommands[i]!.ne);
      expect(toHex(card.wrapResponse(h(x.plainResponse ?? ''), 0x9000))).toBe(x.response);
    });
  });
});

const suites: { suite: SmCipherSuite; keyLen: number; sscLen: number }[] = [
  { suite: '3DES', keyLen: 16, sscLen: 8 },
  { suite: 'AES-128', keyLen: 16, sscLen: 16 },
  { suite: 'AES-192', keyLen: 24, sscLen: 16 },
  { suite: 'AES-256', keyLen: 32, sscLen: 16 },
];
function pair(suite: SmCipherSuite, keyLen: number, sscLen: number): [SecureMessaging, CardSecureMessaging] {
  const opts = (): SmOptions => ({
    suite,
    ksEnc: Uint8Array.from({ length: keyLen }, (_, i) => (i * 7 + 1) & 0xff),
    ksMac: Uint8Array.from({ length: keyLen }, (_, i) => (i * 13 + 5) & 0xff),
    ssc: Uint8Array.from({ length: sscLen }, (_, i) => (i === sscLen - 1 ? 0xfe : 0xff)), // carries across bytes
  });
  return [new SecureMessaging(opts()), new CardSecureMessaging(opts())];
}
const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('reader ↔ card round trips', () => {
  for (const { suite, keyLen, sscLen } of suites) {
    it(`${suite}: short, extended, odd INS B1, no data, long data`, () => {
      const [sm, card] = pair(suite, keyLen, sscLen);
      const cases: { cmd: CommandApdu; ext?: boolean; resp: Uint8Array; sw: number; wantExt: boolean }[] = [
        { cmd: { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('0101') }, resp: new Uint8Array(0), sw: 0x9000, wantExt: false },
        { cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }, resp: bytes(256), sw: 0x9000, wantExt: false },
        { cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 1000 }, resp: bytes(1000), sw: 0x9000, wantExt: true },
        { cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 65536 }, resp: bytes(3000), sw: 0x6282, wantExt: true },
        { cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 16 }, ext: true, resp: bytes(16), sw: 0x9000, wantExt: true },
        { cmd: { cla: 0, ins: 0xb1, p1: 0, p2: 0, data: h('54028000'), ne: 0xe0 }, resp: tlv(0x53, bytes(0xdc)), sw: 0x9000, wantExt: false },
        { cmd: { cla: 0, ins: 0x86, p1: 0, p2: 0, data: bytes(300) }, resp: new Uint8Array(0), sw: 0x9000, wantExt: true },
        { cmd: { cla: 0, ins: 0x88, p1: 0, p2: 0 }, resp: new Uint8Array(0), sw: 0x9000, wantExt: false },
        { cmd: { cla: 0x10, ins: 0x86, p1: 0, p2: 0, data: bytes(15), ne: 256 }, resp: bytes(1), sw: 0x9000, wantExt: false },
      ];
      for (const c of cases) {
        const wire = sm.wrapCommand(c.cmd, c.ext);
        expect(wire[0]! & 0x0c).toBe(0x0c);
        const got = card.unwrapCommand(wire);
        expect(got.cla).toBe(c.cmd.cla);
        expect(got.ins).toBe(c.cmd.ins);
        expect(got.data ? toHex(got.data) : undefined).toBe(c.cmd.data ? toHex(c.cmd.data) : undefined);
        expect(got.ne).toBe(c.cmd.ne);
        expect(got.extended).toBe(c.wantExt);
        const wrapped = card.wrapResponse(c.resp, c.sw);
        if ((c.cmd.ins & 1) === 1) expect(wrapped[0]).toBe(0x85); // odd INS → DO85
        else if (c.resp.length > 0) expect(wrapped[0]).toBe(0x87);
        const r = sm.unwrapResponse(wrapped);
        expect(r.sw).toBe(c.sw);
        expect(toHex(r.data)).toBe(toHex(c.resp));
        expect(toHex(sm.ssc)).toBe(toHex(card.ssc));
      }
    });
    it(`${suite}: a bare 6A82 is returned and the next exchange still verifies`, () => {
      const [sm, card] = pair(suite, keyLen, sscLen);
      card.unwrapCommand(sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('010B') }));
      expect(sm.unwrapResponse(card.bareStatus(0x6a82))).toEqual({ data: new Uint8Array(0), sw: 0x6a82 });
      card.unwrapCommand(sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('0101') }));
      expect(sm.unwrapResponse(card.wrapResponse(new Uint8Array(0), 0x9000)).sw).toBe(0x9000);
    });
  }
});

/** Reader after one wrapped READ BINARY (Ne 4), with the card's matching response. */
function d4AtStep2(): { sm: SecureMessaging; resp: Uint8Array } {
  const sm = new SecureMessaging(d4Opts());
  sm.wrapCommand(d4Command(d4.steps[0].command));
  sm.unwrapResponse(h(d4.steps[0].protectedResponse));
  sm.wrapCommand(d4Command(d4.steps[1].command));
  return { sm, resp: h(d4.steps[1].protectedResponse) };
}

/** Builds a response the way a hostile chip would, with a correct MAC over whatever objects it chose. */
function forgedResponse(objects: Uint8Array, sw: number): Uint8Array {
  const s = new SmSession({ ...d4Opts(), ssc: h(d4.steps[1].sscForResponse) });
  return encodeResponse(concat(objects, tlv(0x8e, s.macOf(objects))), sw);
}

describe('hostile responses (reader side)', () => {
  it('flipped MAC bit → MAC_INVALID, and the session is closed afterwards', () => {
    const { sm, resp } = d4AtStep2();
    resp[resp.length - 3]! ^= 0x01;
    expectCode(() => sm.unwrapResponse(resp), 'MAC_INVALID');
    expectCode(() => sm.wrapCommand(d4Command(d4.steps[2].command)), 'SM_ERROR');
  });
  it('flipped cryptogram bit → MAC_INVALID', () => {
    const { sm, resp } = d4AtStep2();
    resp[4]! ^= 0x10;
    expectCode(() => sm.unwrapResponse(resp), 'MAC_INVALID');
  });
  it('replayed response (wrong SSC) → MAC_INVALID', () => {
    const { sm } = d4AtStep2();
    expectCode(() => sm.unwrapResponse(h(d4.steps[0].protectedResponse)), 'MAC_INVALID');
  });
  it('bare 9000 → SM_ERROR; bare 6282 (warning) → SM_ERROR', () => {
    expectCode(() => d4AtStep2().sm.unwrapResponse(h('9000')), 'SM_ERROR');
    expectCode(() => d4AtStep2().sm.unwrapResponse(h('6282')), 'SM_ERROR');
  });
  it('data without DO8E → SM_ERROR', () => {
    const { sm, resp } = d4AtStep2();
    const withoutMac = concat(resp.subarray(0, resp.length - 12), h('9000'));
    expectCode(() => sm.unwrapResponse(withoutMac), 'SM_ERROR');
  });
  it('truncated DOs → SM_ERROR', () => {
    for (const cut of [3, 8, 13, 20, 24]) {
      const { sm, resp } = d4AtStep2();
      expectCode(() => sm.unwrapResponse(concat(resp.subarray(0, cut), h('9000'))), 'SM_ERROR');
    }
  });
  it('DO87 length beyond the buffer → SM_ERROR', () => {
    const { sm, resp } = d4AtStep2();
    const r = resp.slice();
    r[1] = 0x7f;
    expectCode(() => sm.unwrapResponse(r), 'SM_ERROR');
    const r2 = concat(h('8784FFFFFFFF01'), resp.subarray(11));
    expectCode(() => d4AtStep2().sm.unwrapResponse(r2), 'SM_ERROR');
  });
  it('valid MAC but DO99 missing → SM_ERROR', () => {
    const { sm, resp } = d4AtStep2();
    expectCode(() => sm.unwrapResponse(forgedResponse(resp.subarray(0, 11), 0x9000)), 'SM_ERROR');
  });
  it('DO99 status word differing from the outer SW → SM_ERROR', () => {
    const { sm, resp } = d4AtStep2();
    const r = resp.slice();
    r[r.length - 2] = 0x62;
    r[r.length - 1] = 0x82;
    const e = expectCode(() => sm.unwrapResponse(r), 'SM_ERROR');
    expect(e.sw).toBe(0x6282);
  });
  it('valid MAC but objects repeated, out of order or unknown → SM_ERROR', () => {
    const do87 = h(d4.steps[1].responseDo87);
    const do99 = h('99029000');
    for (const objs of [concat(do99, do87), concat(do87, do87, do99), concat(do87, do99, h('8101AA')), concat(do87, h('990190'))]) {
      expectCode(() => d4AtStep2().sm.unwrapResponse(forgedResponse(objs, 0x9000)), 'SM_ERROR');
    }
  });
  it('valid MAC but DO87 without the 01 indicator or with bad padding → SM_ERROR', () => {
    const bad = h(d4.steps[1].responseDo87);
    bad[2] = 0x02;
    expectCode(() => d4AtStep2().sm.unwrapResponse(forgedResponse(concat(bad, h('99029000')), 0x9000)), 'SM_ERROR');
    const s = new SmSession({ ...d4Opts(), ssc: h(d4.steps[1].sscForResponse) });
    const unpadded = tlv(0x87, h('01'), s.encrypt(h('0102030405060708')).subarray(0, 8)); // 1 block, no 80 … trailer
    expectCode(() => d4AtStep2().sm.unwrapResponse(forgedResponse(concat(unpadded, h('99029000')), 0x9000)), 'SM_ERROR');
  });
  it('more data than asked for → PROTOCOL_ERROR', () => {
    const s = new SmSession({ ...d4Opts(), ssc: h(d4.steps[1].sscForResponse) });
    const do87 = tlv(0x87, h('01'), s.encrypt(bytes(5)));
    expectCode(() => d4AtStep2().sm.unwrapResponse(forgedResponse(concat(do87, h('99029000')), 0x9000)), 'PROTOCOL_ERROR');
  });
  it('absurdly long response → LIMIT_EXCEEDED; 1-byte response → PROTOCOL_ERROR', () => {
    expectCode(() => d4AtStep2().sm.unwrapResponse(new Uint8Array(70000)), 'LIMIT_EXCEEDED');
    expectCode(() => d4AtStep2().sm.unwrapResponse(h('90')), 'PROTOCOL_ERROR');
  });
  it('unwrapResponse without a wrapped command → INTERNAL', () => {
    expectCode(() => new SecureMessaging(d4Opts()).unwrapResponse(h(d4.steps[0].protectedResponse)), 'INTERNAL');
  });
});

describe('hostile commands (chip side)', () => {
  it('flipped MAC bit → MAC_INVALID with sw 6988', () => {
    const raw = h(d4.steps[0].protectedApdu);
    raw[raw.length - 2]! ^= 0x01;
    expect(expectCode(() => new CardSecureMessaging(d4Opts()).unwrapCommand(raw), 'MAC_INVALID').sw).toBe(0x6988);
  });
  it('modified header (MAC covers it) → MAC_INVALID', () => {
    const raw = h(d4.steps[0].protectedApdu);
    raw[3] = 0x00;
    expectCode(() => new CardSecureMessaging(d4Opts()).unwrapCommand(raw), 'MAC_INVALID');
  });
  it('plain CLA, missing DO8E, malformed APDU → SM_ERROR', () => {
    expectCode(() => new CardSecureMessaging(d4Opts()).unwrapCommand(h('00A4020C02011E')), 'SM_ERROR');
    expect(expectCode(() => new CardSecureMessaging(d4Opts()).unwrapCommand(h('0CA4020C0B8709016375432908C044F600')), 'SM_ERROR').sw).toBe(0x6987);
    expectCode(() => new CardSecureMessaging(d4Opts()).unwrapCommand(h('0CA4020C158709')), 'SM_ERROR');
  });
  it('replayed command (old SSC) → MAC_INVALID', () => {
    const card = new CardSecureMessaging(d4Opts());
    card.unwrapCommand(h(d4.steps[0].protectedApdu));
    card.wrapResponse(new Uint8Array(0), 0x9000);
    expectCode(() => card.unwrapCommand(h(d4.steps[0].protectedApdu)), 'MAC_INVALID');
  });
});

describe('construction', () => {
  it('wrong key or SSC sizes → CRYPTO_ERROR', () => {
    expectCode(() => new SecureMessaging({ ...d4Opts(), ssc: new Uint8Array(16) }), 'CRYPTO_ERROR');
    expectCode(() => new SecureMessaging({ ...aesOpts(), suite: 'AES-128' }), 'CRYPTO_ERROR');
    expectCode(() => new CardSecureMessaging({ ...d4Opts(), ksMac: new Uint8Array(24) }), 'CRYPTO_ERROR');
  });
  it('restart() switches keys and SSC (Chip Authentication)', () => {
    const sm = new SecureMessaging(d4Opts());
    sm.wrapCommand(d4Command(d4.steps[0].command));
    sm.restart(aesOpts());
    expect(toHex(sm.wrapCommand(aesCommands[0]!))).toBe(aes.exchanges[0].command);
  });
  it('does not keep a reference to the caller’s SSC', () => {
    const ssc = h(d4.initialSsc);
    const sm = new SecureMessaging({ ...d4Opts(), ssc });
    ssc.fill(0);
    expect(toHex(sm.wrapCommand(d4Command(d4.steps[0].command)))).toBe(d4.steps[0].protectedApdu);
  });
});
