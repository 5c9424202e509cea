import { describe, expect, it } from 'vitest';
import {
  bacBuildExternalAuth,
  bacCompleteReader,
  bacKeysFromMrzInfo,
  bacRespondChip,
  BacResponder,
  performBac,
} from '../../../electron/emrtd/bac.js';
import { decodeCommand, decodeResponse, encodeCommand, encodeResponse, type CommandApdu, type ResponseApdu } from '../../../electron/emrtd/apdu.js';
import { concat, toHex, type Rng } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { createDesEde, createRetailMac } from '../../../electron/emrtd/crypto/legacy.js';
import { pad } from '../../../electron/emrtd/crypto/pad.js';
import type { Transceive } from '../../../electron/emrtd/transceive.js';
import { h, icaoVectors } from '../../helpers/shared.js';

const v = icaoVectors().bac;
const d4 = icaoVectors().sm;

/** An Rng that hands out the given byte strings in order. */
function seqRng(...chunks: string[]): Rng {
  const q = chunks.map(h);
  return (n) => {
    const c = q.shift();
    if (!c || c.length !== n) throw new Error(`test rng: no ${n}-byte chunk left`);
    return c;
  };
}

async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<ChipIdError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe(code);
    return e as ChipIdError;
  }
  throw new Error(`expected ChipIdError ${code}`);
}

describe('BAC key derivation', () => {
  it('9303-11 App. D.2: K_seed, K_Enc, K_Mac from the MRZ information', () => {
    const k = bacKeysFromMrzInfo(v.mrzInfo);
    expect(toHex(k.kSeed)).toBe(v.kseed);
    expect(toHex(k.kEnc)).toBe(v.kenc);
    expect(toHex(k.kMac)).toBe(v.kmac);
  });
  it('rejects malformed MRZ information with KEY_INVALID', async () => {
    for (const bad of ['', 'L898902C<36908061940623', 'l898902c<369080619406236', 'L898902C 369080619406236', 'Ä'.repeat(24)]) {
      await expectCode(() => bacKeysFromMrzInfo(bad), 'KEY_INVALID');
    }
  });
});

describe('BAC reader steps', () => {
  it('9303-11 App. D.3: EXTERNAL AUTHENTICATE command data', () => {
    expect(toHex(bacBuildExternalAuth(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD)))).toBe(v.cmdData);
  });
  it('9303-11 App. D.3: session keys and SSC from the chip response', () => {
    const s = bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), h(v.respData));
    expect(s.suite).toBe('3DES');
    expect(toHex(s.ksEnc)).toBe(v.ksEnc);
    expect(toHex(s.ksMac)).toBe(v.ksMac);
    expect(toHex(s.ssc)).toBe(v.ssc);
  });
  it('flipped bit in M_IC → MAC_INVALID', async () => {
    const r = h(v.respData);
    r[39]! ^= 0x01;
    await expectCode(() => bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), r), 'MAC_INVALID');
  });
  it('response for another RND.IFD (valid MAC, wrong echo) → MAC_INVALID', async () => {
    const other = bacRespondChip(h(v.kenc), h(v.kmac), h(v.rndIC), bacBuildExternalAuth(h(v.kenc), h(v.kmac), h(v.rndIC), h('0102030405060708'), h(v.kIFD)), h(v.kIC));
    expect(other.ok).toBe(true);
    if (!other.ok) return;
    await expectCode(() => bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), other.response), 'MAC_INVALID');
  });
  it('wrong RND.IC echoed under a valid MAC → MAC_INVALID', async () => {
    const r = concat(h('0000000000000000'), h(v.rndIFD), h(v.kIC));
    const eIc = createDesEde(h(v.kenc)).cbcEncrypt(new Uint8Array(8), r);
    const resp = concat(eIc, createRetailMac(h(v.kmac))(pad(eIc, 8)));
    await expectCode(() => bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), resp), 'MAC_INVALID');
  });
  it('truncated or over-long response → PROTOCOL_ERROR', async () => {
    await expectCode(() => bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), h(v.respData).subarray(0, 39)), 'PROTOCOL_ERROR');
    await expectCode(() => bacCompleteReader(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.rndIFD), h(v.kIFD), concat(h(v.respData), h('00'))), 'PROTOCOL_ERROR');
  });
});

describe('BAC chip side', () => {
  it('9303-11 App. D.3: the chip answers byte for byte and derives the same session', () => {
    const r = bacRespondChip(h(v.kenc), h(v.kmac), h(v.rndIC), h(v.cmdData), h(v.kIC));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(toHex(r.response)).toBe(v.respData);
    expect(toHex(r.session.ksEnc)).toBe(v.ksEnc);
    expect(toHex(r.session.ksMac)).toBe(v.ksMac);
    expect(toHex(r.session.ssc)).toBe(v.ssc);
  });
  it('9303-11 App. D.3/D.4: BacResponder answers as printed and its SM unwraps D.4 step 1', () => {
    const card = BacResponder.fromMrzInfo(v.mrzInfo);
    expect(toHex(card.getChallenge(seqRng(v.rndIC)))).toBe(v.rndIC);
    const r = card.externalAuthenticate(h(v.cmdData), h(v.kIC));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(toHex(r.response)).toBe(v.respData);
    expect(toHex(r.sm.ssc)).toBe(v.ssc);
    const cmd = r.sm.unwrapCommand(h(d4.steps[0].protectedApdu));
    expect(toHex(cmd.data!)).toBe('011E');
    expect(toHex(r.sm.wrapResponse(new Uint8Array(0), 0x9000))).toBe(d4.steps[0].protectedResponse);
  });
  it('refuses a wrong MAC, a wrong RND.IC, a bad length, a missing or reused challenge', () => {
    const card = BacResponder.fromMrzInfo(v.mrzInfo);
    expect(card.externalAuthenticate(h(v.cmdData), h(v.kIC))).toEqual({ ok: false, sw: 0x6985 });
    card.getChallenge(seqRng(v.rndIC));
    const bad = h(v.cmdData);
    bad[35]! ^= 0x80;
    expect(card.externalAuthenticate(bad, h(v.kIC))).toEqual({ ok: false, sw: 0x6300 });
    expect(card.externalAuthenticate(h(v.cmdData), h(v.kIC))).toEqual({ ok: false, sw: 0x6985 }); // challenge consumed
    card.getChallenge(seqRng('0000000000000000'));
    expect(card.externalAuthenticate(h(v.cmdData), h(v.kIC))).toEqual({ ok: false, sw: 0x6300 }); // other RND.IC
    card.getChallenge(seqRng(v.rndIC));
    expect(card.externalAuthenticate(h(v.cmdData).subarray(0, 39), h(v.kIC))).toEqual({ ok: false, sw: 0x6700 });
  });
});

/** A transceive that speaks to a BacResponder, recording the raw APDUs. */
function cardTransceive(card: BacResponder, rndIc: string, kIc: string, log: string[]): Transceive {
  return async (cmd: CommandApdu): Promise<ResponseApdu> => {
    const raw = encodeCommand(cmd);
    log.push(toHex(raw));
    const c = decodeCommand(raw);
    if (c.ins === 0x84) return decodeResponse(encodeResponse(card.getChallenge(seqRng(rndIc)), 0x9000));
    if (c.ins === 0x82) {
      const r = card.externalAuthenticate(c.data ?? new Uint8Array(0), h(kIc));
      return r.ok ? { data: r.response, sw: 0x9000 } : { data: new Uint8Array(0), sw: r.sw };
    }
    return { data: new Uint8Array(0), sw: 0x6d00 };
  };
}

describe('performBac', () => {
  it('9303-11 App. D.3: APDUs as printed; the resulting SM protects D.4 step 1 as printed', async () => {
    const log: string[] = [];
    const sm = await performBac(cardTransceive(BacResponder.fromMrzInfo(v.mrzInfo), v.rndIC, v.kIC, log), v.mrzInfo, seqRng(v.rndIFD, v.kIFD));
    expect(log).toEqual([v.getChallengeApdu, v.externalAuthenticateApdu]);
    expect(sm.suite).toBe('3DES');
    expect(toHex(sm.ssc)).toBe(v.ssc);
    const s0 = d4.steps[0];
    expect(toHex(sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('011E') }))).toBe(s0.protectedApdu);
    expect(sm.unwrapResponse(h(s0.protectedResponse)).sw).toBe(0x9000);
  });
  it('CCCD synthetic MRZ: reader and virtual card agree', async () => {
    const mrz = '099012345999031593903157';
    const sm = await performBac(cardTransceive(BacResponder.fromMrzInfo(mrz), '1122334455667788', '00112233445566778899AABBCCDDEEFF', []), mrz, seqRng('8877665544332211', 'FFEEDDCCBBAA99887766554433221100'));
    expect(toHex(sm.ssc)).toBe('5566778844332211');
  });
  it('wrong MRZ information → ACCESS_DENIED (chip answers 6300)', async () => {
    const e = await expectCode(
      performBac(cardTransceive(BacResponder.fromMrzInfo(v.mrzInfo), v.rndIC, v.kIC, []), 'L898902C<369080619406244', seqRng(v.rndIFD, v.kIFD)),
      'ACCESS_DENIED',
    );
    expect(e.sw).toBe(0x6300);
  });
  const scripted = (ea: ResponseApdu, ch: ResponseApdu = { data: h(v.rndIC), sw: 0x9000 }): Transceive =>
    async (cmd) => (cmd.ins === 0x84 ? ch : ea);
  it('6982 on EXTERNAL AUTHENTICATE → ACCESS_DENIED', async () => {
    await expectCode(performBac(scripted({ data: new Uint8Array(0), sw: 0x6982 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'ACCESS_DENIED');
  });
  it('other status words → SW_ERROR; bad lengths → PROTOCOL_ERROR; tampered MAC → MAC_INVALID', async () => {
    await expectCode(performBac(scripted({ data: new Uint8Array(0), sw: 0x6a80 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'SW_ERROR');
    await expectCode(performBac(scripted({ data: h(v.respData), sw: 0x9000 }, { data: new Uint8Array(0), sw: 0x6d00 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'SW_ERROR');
    await expectCode(performBac(scripted({ data: h(v.respData), sw: 0x9000 }, { data: h('0102030405'), sw: 0x9000 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'PROTOCOL_ERROR');
    await expectCode(performBac(scripted({ data: h(v.respData).subarray(0, 32), sw: 0x9000 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'PROTOCOL_ERROR');
    const t = h(v.respData);
    t[0]! ^= 0x04;
    await expectCode(performBac(scripted({ data: t, sw: 0x9000 }), v.mrzInfo, seqRng(v.rndIFD, v.kIFD)), 'MAC_INVALID');
  });
  it('a chip answering for a different RND.IFD (replay) → MAC_INVALID', async () => {
    await expectCode(performBac(scripted({ data: h(v.respData), sw: 0x9000 }), v.mrzInfo, seqRng('0102030405060708', v.kIFD)), 'MAC_INVALID');
  });
});
