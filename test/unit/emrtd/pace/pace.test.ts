import { describe, expect, it } from 'vitest';
import { icaoVectors, h } from '../../../helpers/shared.js';
import { toHex, bigIntToBytes } from '../../../../electron/emrtd/bytes.js';
import { CardSecureMessaging } from '../../../../electron/emrtd/sm.js';
import { performPace, paceMseSetAt, type PaceResult } from '../../../../electron/emrtd/pace/pace.js';
import { parseCardAccess, type PaceInfo } from '../../../../electron/emrtd/lds/securityinfos.js';
import { standardDomain } from '../../../../electron/emrtd/pace/params.js';
import { isChipIdError } from '../../../../electron/emrtd/errors.js';
import { scriptedChip, scriptedRng, type Step } from './script.js';

const pt = (o: { x: string; y: string }): string => `04${o.x}${o.y}`;
const GA1 = '10860000027C0000';

function paceInfoOf(efCardAccessHex: string): PaceInfo {
  const infos = parseCardAccess(h(efCardAccessHex));
  const p = infos.find((i) => i.type === 'PACEInfo');
  if (!p || p.type !== 'PACEInfo') throw new Error('no PACEInfo');
  return p;
}

/** The session keys are right iff the chip side built from the vector's keys accepts our first protected command. */
function expectSmKeys(res: PaceResult, ksEnc: string, ksMac: string): void {
  expect(toHex(res.sm.ssc)).toBe('00000000000000000000000000000000');
  const wrapped = res.sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('011E') });
  const card = new CardSecureMessaging({ suite: 'AES-128', ksEnc: h(ksEnc), ksMac: h(ksMac), ssc: new Uint8Array(16) });
  expect(toHex(card.unwrapCommand(wrapped).data!)).toBe('011E');
}

describe('performPace (reader) replays the ICAO worked examples APDU by APDU', () => {
  it('9303-11 App. G.1 ECDH GM brainpoolP256r1 AES-128 (MSE with 84 0D as gmrtd sends it)', async () => {
    const v = icaoVectors().pace.G1_ECDH_GM;
    const chip = scriptedChip([
      { command: v.mseSetAtApdu_gmrtdVariantWithParamId, response: '9000' },
      { command: v.ga1Command, response: v.ga1Response },
      { command: v.ga2Command, response: v.ga2Response },
      { command: v.ga3Command, response: v.ga3Response },
      { command: v.ga4Command, response: v.ga4Response },
    ]);
    const rng = scriptedRng(v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey);
    const res = await performPace(chip, { password: { kind: 'mrz', value: v.mrzInfo }, paceInfo: paceInfoOf(v.efCardAccess), rng });
    expect(chip.remaining()).toBe(0);
    expect(rng.remaining()).toBe(0);
    expect(res.protocol).toBe('PACE-ECDH-GM-AES-128/brainpoolP256r1');
    expect(toHex(res.chipEphemeralPublicKey)).toBe(pt(v.chipEphemeralPublicKey));
    expectSmKeys(res, v.ksEnc, v.ksMac);
  });

  it('9303-11 App. G.1: MSE:Set AT without a parameter id matches the printed APDU', () => {
    const v = icaoVectors().pace.G1_ECDH_GM;
    const cmd = paceMseSetAt(v.oid, 'mrz');
    expect(toHex(Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data!.length, ...cmd.data!))).toBe(v.mseSetAtApdu);
  });

  it('9303-11 App. G.2 DH GM RFC 5114 1024-bit (chip adds CAR 87 to the last response)', async () => {
    const v = icaoVectors().pace.G2_DH_GM;
    const chip = scriptedChip([
      { command: '0022C1A412800A04007F0007020204010283010184010' + '0', response: '9000' },
      { command: v.ga1Command, response: v.ga1Response },
      { command: v.ga2Command, response: v.ga2Response },
      { command: v.ga3Command, response: v.ga3Response },
      { command: v.ga4Command, response: v.ga4ResponseData + '9000' },
    ]);
    const rng = scriptedRng(v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey);
    const res = await performPace(chip, { password: { kind: 'mrz', value: v.mrzInfo }, paceInfo: paceInfoOf(v.efCardAccess), rng });
    expect(res.protocol).toBe('PACE-DH-GM-AES-128/MODP-1024-160');
    expect(new TextDecoder().decode(res.car!.current)).toBe('DETESTCVCA00003');
    expectSmKeys(res, v.ksEnc, v.ksMac);
  });

  it('9303-11 App. H.1 ECDH IM brainpoolP256r1 (CAN 123456)', async () => {
    const v = icaoVectors().pace.H1_ECDH_IM;
    const a = v.apdus_superLOL53;
    const chip = scriptedChip([
      { command: '0022C1A412800A04007F0007020204040283010284010D', response: '9000' },
      { command: GA1, response: a.ga1Response },
      { command: a.ga2Command, response: '7C0282009000' },
      { command: a.ga3Command, response: a.ga3Response },
      { command: a.ga4Command, response: a.ga4Response },
    ]);
    const rng = scriptedRng(v.nonce_t, v.terminalEphemeralPrivateKey);
    const info: PaceInfo = { type: 'PACEInfo', oid: v.oid, version: 2, parameterId: 13, algorithm: { oid: v.oid, keyAgreement: 'ECDH', mapping: 'IM', suite: 'AES-128' } };
    const res = await performPace(chip, { password: { kind: 'can', value: '123456' }, paceInfo: info, rng });
    expect(res.protocol).toBe('PACE-ECDH-IM-AES-128/brainpoolP256r1');
    expectSmKeys(res, v.ksEnc, v.ksMac);
  });

  it('9303-11 App. H.2 DH IM (terminal key reduced mod q gives the same public key)', async () => {
    const v = icaoVectors().pace.H2_DH_IM;
    const a = v.apdus_superLOL53;
    const q = (standardDomain(0) as { q: bigint }).q;
    const skModQ = bigIntToBytes(BigInt('0x' + v.terminalEphemeralPrivateKey) % q, 20);
    const chip = scriptedChip([
      { response: '9000' },
      { command: GA1, response: a.ga1Response },
      { command: a.ga2Command, response: '7C009000' },
      { command: `10860000867C818383818${'0'}${v.terminalEphemeralPublicKey}00`, response: `7C8183848180${v.chipEphemeralPublicKey}9000` },
      { command: a.ga4Command, response: a.ga4Response },
    ]);
    const info: PaceInfo = { type: 'PACEInfo', oid: v.oid, version: 2, parameterId: 0, algorithm: { oid: v.oid, keyAgreement: 'DH', mapping: 'IM', suite: 'AES-128' } };
    const res = await performPace(chip, { password: { kind: 'can', value: '123456' }, paceInfo: info, rng: scriptedRng(v.nonce_t, toHex(skModQ)) });
    expectSmKeys(res, v.ksEnc, v.ksMac);
  });

  it('9303-11 App. I.1 ECDH CAM: tokens, A_IC decrypted to CA_IC', async () => {
    const v = icaoVectors().pace.I1_ECDH_CAM;
    const chip = scriptedChip([
      { command: '0022C1A412800A04007F0007020204060283010184010D', response: '9000' },
      { command: GA1, response: v.ga1Response },
      { command: v.ga2Command, response: v.ga2Response },
      { command: v.ga3Command, response: v.ga3Response },
      { command: v.ga4Command, response: v.ga4Response },
    ]);
    const info: PaceInfo = { type: 'PACEInfo', oid: v.oid, version: 2, parameterId: 13, algorithm: { oid: v.oid, keyAgreement: 'ECDH', mapping: 'CAM', suite: 'AES-128' } };
    const res = await performPace(chip, {
      password: { kind: 'mrz', value: v.mrzInfo },
      paceInfo: info,
      rng: scriptedRng(v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey),
    });
    expect(toHex(res.cam!.chipAuthenticationData)).toBe(v.chipAuthenticationData_CA_IC);
    expect(toHex(res.camChipPublicKey!)).toBe(pt(v.chipMappingPublicKey));
    expectSmKeys(res, v.ksEnc, v.ksMac);
  });
});

describe('performPace against a hostile or failing chip', () => {
  const v = icaoVectors().pace.G1_ECDH_GM;
  const info = (): PaceInfo => paceInfoOf(v.efCardAccess);
  const run = (steps: Step[], password = v.mrzInfo) =>
    performPace(scriptedChip(steps), {
      password: { kind: 'mrz', value: password },
      paceInfo: info(),
      rng: scriptedRng(v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey),
    });
  const code = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'resolved';
    } catch (e) {
      return isChipIdError(e) ? e.code : `untyped: ${String(e)}`;
    }
  };
  const good = [
    { response: '9000' },
    { response: v.ga1Response },
    { response: v.ga2Response },
    { response: v.ga3Response },
    { response: v.ga4Response },
  ];

  it('wrong token from the chip → ACCESS_DENIED', async () => {
    const bad = [...good];
    bad[4] = { response: v.ga4Response.replace('3ABB9674', '3ABB9675') };
    expect(await code(run(bad))).toBe('ACCESS_DENIED');
  });
  it('chip answers 6300 to our token (wrong password) → ACCESS_DENIED', async () => {
    const bad = [...good];
    bad[4] = { response: '6300' };
    expect(await code(run(bad))).toBe('ACCESS_DENIED');
  });
  it('mapping key off the curve → PROTOCOL_ERROR', async () => {
    const bad = [...good];
    bad[2] = { response: v.ga2Response.replace('824FBA91', '824FBA92') };
    expect(await code(run(bad))).toBe('PROTOCOL_ERROR');
  });
  it('chip reflects our ephemeral key → PROTOCOL_ERROR', async () => {
    const bad = [...good];
    bad[3] = { response: `7C43844104${v.terminalEphemeralPublicKey.x}${v.terminalEphemeralPublicKey.y}9000` };
    expect(await code(run(bad))).toBe('PROTOCOL_ERROR');
  });
  it('compressed / truncated point, garbage 7C, missing tag → PROTOCOL_ERROR', async () => {
    for (const r of ['7C2382210282' + '00'.repeat(32) + '9000', '7C4382' + '9000', '7C0A8108' + '00'.repeat(8) + '9000', '9000']) {
      const bad = [...good];
      bad[2] = { response: r };
      expect(await code(run(bad))).toBe('PROTOCOL_ERROR');
    }
  });
  it('chip stops mid-protocol (6F00 at step 3, transport error at step 2) → typed errors', async () => {
    const bad = [...good];
    bad[3] = { response: '6F00' };
    expect(await code(run(bad))).toBe('SW_ERROR');
    const short = good.slice(0, 2);
    expect(await code(run(short))).toBe('TRANSPORT_LOST');
  });
  it('MSE:Set AT refused (6A80) → SW_ERROR; nonce not a block multiple → PROTOCOL_ERROR', async () => {
    expect(await code(run([{ response: '6A80' }]))).toBe('SW_ERROR');
    const bad = [...good];
    bad[1] = { response: '7C0580030102039000' };
    expect(await code(run(bad))).toBe('PROTOCOL_ERROR');
  });
  it('wrong MRZ: tokens differ → ACCESS_DENIED (the chip would answer 6300; here our check of T_IC fails)', async () => {
    expect(await code(run(good, 'T22000129364081251010319'))).toBe('ACCESS_DENIED');
  });
});
