import { describe, expect, it } from 'vitest';
import { icaoVectors, h } from '../../../helpers/shared.js';
import { toHex, fromHex, bigIntToBytes } from '../../../../electron/emrtd/bytes.js';
import { decodeCommand, encodeCommand, encodeResponse, type CommandApdu, type ResponseApdu } from '../../../../electron/emrtd/apdu.js';
import { PaceResponder } from '../../../../electron/emrtd/pace/responder.js';
import { camIv, encryptCamData } from '../../../../electron/emrtd/pace/steps.js';
import { performPace } from '../../../../electron/emrtd/pace/pace.js';
import { verifyCam } from '../../../../electron/emrtd/pace/cam.js';
import { groupFor } from '../../../../electron/emrtd/pace/group.js';
import { standardDomain, type EcDomain } from '../../../../electron/emrtd/pace/params.js';
import { paceOid, type KeyAgreement, type PaceMapping } from '../../../../electron/emrtd/lds/oids.js';
import { paceAlgorithm } from '../../../../electron/emrtd/lds/oids.js';
import type { PaceInfo } from '../../../../electron/emrtd/lds/securityinfos.js';
import type { SmCipherSuite } from '../../../../electron/emrtd/crypto/kdf.js';
import { isChipIdError } from '../../../../electron/emrtd/errors.js';
import { scriptedRng, seededRng } from './script.js';

const pt = (o: { x: string; y: string }): string => `04${o.x}${o.y}`;
const info = (oid: string, parameterId: number): PaceInfo => ({ type: 'PACEInfo', oid, version: 2, parameterId, algorithm: paceAlgorithm(oid)! });
const respHex = (r: ResponseApdu): string => toHex(encodeResponse(r.data, r.sw));
const cmd = (hex: string): CommandApdu => decodeCommand(fromHex(hex));

describe('PaceResponder (chip side) reproduces the worked examples byte for byte', () => {
  it('9303-11 App. G.1 chip responses', () => {
    const v = icaoVectors().pace.G1_ECDH_GM;
    const chip = new PaceResponder({
      passwords: { mrz: v.mrzInfo },
      paceInfos: [info(v.oid, 13)],
      rng: scriptedRng(v.nonce_s, v.chipMappingPrivateKey, v.chipEphemeralPrivateKey),
    });
    expect(respHex(chip.handle(cmd(v.mseSetAtApdu)))).toBe('9000');
    expect(respHex(chip.handle(cmd(v.ga1Command)))).toBe(v.ga1Response);
    expect(respHex(chip.handle(cmd(v.ga2Command)))).toBe(v.ga2Response);
    expect(respHex(chip.handle(cmd(v.ga3Command)))).toBe(v.ga3Response);
    expect(respHex(chip.handle(cmd(v.ga4Command)))).toBe(v.ga4Response);
    expect(chip.established?.protocol).toBe('PACE-ECDH-GM-AES-128/brainpoolP256r1');
    expect(toHex(chip.established!.terminalEphemeralPublicKey)).toBe(pt(v.terminalEphemeralPublicKey));
  });

  it('9303-11 App. H.1 chip responses (chip key inferred = G.1 chip ephemeral key)', () => {
    const v = icaoVectors().pace.H1_ECDH_IM;
    const a = v.apdus_superLOL53;
    const chip = new PaceResponder({
      passwords: { can: '123456' },
      paceInfos: [info(v.oid, 13)],
      rng: scriptedRng(v.nonce_s, icaoVectors().pace.G1_ECDH_GM.chipEphemeralPrivateKey),
    });
    expect(respHex(chip.handle(cmd('0022C1A40F800A04007F00070202040402830102')))).toBe('9000');
    expect(respHex(chip.handle(cmd('10860000027C0000')))).toBe(a.ga1Response);
    expect(respHex(chip.handle(cmd(a.ga2Command)))).toBe('7C0282009000');
    expect(respHex(chip.handle(cmd(a.ga3Command)))).toBe(a.ga3Response);
    expect(respHex(chip.handle(cmd(a.ga4Command)))).toBe(a.ga4Response);
  });

  it('9303-11 App. I.1 chip: mapping responses, then CA_IC and A_IC from SK_IC (no chip ephemeral key printed)', () => {
    const v = icaoVectors().pace.I1_ECDH_CAM;
    const skIc = BigInt('0x' + v.derived_chipStaticPrivateKey_SK_IC);
    const chip = new PaceResponder({
      passwords: { mrz: v.mrzInfo },
      paceInfos: [info(v.oid, 13)],
      rng: scriptedRng(v.nonce_s, v.chipMappingPrivateKey),
      camPrivateKeys: new Map([[13, skIc]]),
    });
    expect(respHex(chip.handle(cmd(v.mseSetAtApdu)))).toBe('9000');
    expect(respHex(chip.handle(cmd('10860000027C0000')))).toBe(v.ga1Response);
    expect(respHex(chip.handle(cmd(v.ga2Command)))).toBe(v.ga2Response);
    const g = groupFor(standardDomain(13)!);
    expect(toHex(g.encode(g.mul(g.generator, skIc)))).toBe(pt(v.chipStaticPublicKey_PK_IC));
    const n = g.order!;
    const ca = (modInvTest(skIc, n) * BigInt('0x' + v.chipMappingPrivateKey)) % n;
    expect(toHex(bigIntToBytes(ca, 32))).toBe(v.chipAuthenticationData_CA_IC);
    expect(toHex(camIv(h(v.ksEnc)))).toBe(v.camIv);
    expect(toHex(encryptCamData(h(v.ksEnc), h(v.chipAuthenticationData_CA_IC)))).toBe(v.encryptedChipAuthenticationData_A_IC);
  });
});

function modInvTest(a: bigint, m: bigint): bigint {
  // Fermat (n prime): an independent inverse, not the code under test.
  let r = 1n;
  let b = a % m;
  let e = m - 2n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

describe('verifyCam', () => {
  const v = icaoVectors().pace.I1_ECDH_CAM;
  const g = groupFor(standardDomain(13)!);
  const cam = { group: g, chipMappingPublicKey: h(pt(v.chipMappingPublicKey)), chipAuthenticationData: h(v.chipAuthenticationData_CA_IC) };
  const key = { kind: 'ec' as const, domain: standardDomain(13) as EcDomain, encoding: { form: 'standardized' as const, id: 13 }, point: h(pt(v.chipStaticPublicKey_PK_IC)) };
  it('9303-11 App. I.1: CA_IC · PK_IC = PK_Map,IC → pass', () => {
    expect(verifyCam(cam, key).status).toBe('pass');
  });
  it('a clone with another static key → fail, not an exception', () => {
    const other = g.encode(g.mul(g.generator, 12345n));
    expect(verifyCam(cam, { ...key, point: other }).status).toBe('fail');
    expect(verifyCam(cam, { ...key, point: h('04' + '00'.repeat(64)) }).status).toBe('fail');
    expect(verifyCam({ ...cam, chipAuthenticationData: h('00'.repeat(32)) }, key).status).toBe('fail');
  });
  it('no CAM / no key → not_performed', () => {
    expect(verifyCam(undefined, key).status).toBe('not_performed');
    expect(verifyCam(cam, undefined).status).toBe('not_performed');
  });
});

/** Reader ↔ chip over an in-memory link. */
function link(chip: PaceResponder): (c: CommandApdu) => Promise<ResponseApdu> {
  return async (c) => {
    const r = chip.handle(decodeCommand(encodeCommand(c)));
    return r;
  };
}

describe('performPace ↔ PaceResponder round trips', () => {
  const cases: [KeyAgreement, PaceMapping, SmCipherSuite, number][] = [
    ['ECDH', 'GM', 'AES-128', 13],
    ['ECDH', 'GM', '3DES', 12],
    ['ECDH', 'GM', 'AES-256', 15],
    ['ECDH', 'IM', 'AES-192', 9],
    ['ECDH', 'IM', '3DES', 13],
    ['ECDH', 'CAM', 'AES-128', 13],
    ['ECDH', 'GM', 'AES-256', 17],
    ['ECDH', 'GM', 'AES-128', 18],
    ['DH', 'GM', 'AES-128', 0],
    ['DH', 'IM', 'AES-128', 0],
  ];
  for (const [ka, m, suite, id] of cases) {
    it(`${ka}-${m}-${suite} on parameters ${id}`, async () => {
      const oid = paceOid(ka, m, suite);
      const g = groupFor(standardDomain(id)!);
      const skIc = 0x1234567890abcdefn;
      const chip = new PaceResponder({
        passwords: { can: '012345' },
        paceInfos: [info(oid, id)],
        rng: seededRng(id * 7 + 1),
        camPrivateKeys: new Map([[id, skIc]]),
      });
      const res = await performPace(link(chip), { password: { kind: 'can', value: '012345' }, paceInfo: info(oid, id), rng: seededRng(99) });
      expect(chip.established).toBeDefined();
      const wrapped = res.sm.wrapCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
      expect(chip.established!.sm.unwrapCommand(wrapped).ne).toBe(4);
      if (m === 'CAM') {
        const pk = { kind: 'ec' as const, domain: standardDomain(id) as EcDomain, encoding: { form: 'standardized' as const, id }, point: g.encode(g.mul(g.generator, skIc)) };
        expect(verifyCam(res.cam, pk).status).toBe('pass');
      }
    });
  }

  it('wrong CAN: chip answers 6300 to the token → ACCESS_DENIED', async () => {
    const oid = paceOid('ECDH', 'GM', 'AES-128');
    const chip = new PaceResponder({ passwords: { can: '012345' }, paceInfos: [info(oid, 13)], rng: seededRng(3) });
    const err = await performPace(link(chip), { password: { kind: 'can', value: '012346' }, paceInfo: info(oid, 13), rng: seededRng(4) }).catch((e: unknown) => e);
    expect(isChipIdError(err) && err.code).toBe('ACCESS_DENIED');
    expect(isChipIdError(err) && err.sw).toBe(0x6300);
    expect(chip.established).toBeUndefined();
  });
});

describe('PaceResponder status words for bad input', () => {
  const v = icaoVectors().pace.G1_ECDH_GM;
  const fresh = (): PaceResponder =>
    new PaceResponder({ passwords: { mrz: v.mrzInfo }, paceInfos: [info(v.oid, 13)], rng: scriptedRng(v.nonce_s, v.chipMappingPrivateKey, v.chipEphemeralPrivateKey) });
  it('GA before MSE → 6985; unknown OID → 6A88; CAN not set → 6A88; no 80 → 6A80', () => {
    expect(fresh().handle(cmd(v.ga1Command)).sw).toBe(0x6985);
    expect(fresh().handle(cmd('0022C1A40F800A04007F00070202040102830101')).sw).toBe(0x6a88);
    expect(fresh().handle(cmd('0022C1A40F800A04007F00070202040202830102')).sw).toBe(0x6a88);
    expect(fresh().handle(cmd('0022C1A403830101')).sw).toBe(0x6a80);
  });
  it('mapping key off the curve → 6A80; garbage data → 6A80; wrong token → 6300; chaining errors → 6883', () => {
    let c = fresh();
    c.handle(cmd(v.mseSetAtApdu));
    c.handle(cmd(v.ga1Command));
    expect(c.handle(cmd(v.ga2Command.replace('7ACF3EFC', '7ACF3EFD'))).sw).toBe(0x6a80);
    c = fresh();
    c.handle(cmd(v.mseSetAtApdu));
    expect(c.handle(cmd('10860000037C0102')).sw).toBe(0x6a80);
    c = fresh();
    c.handle(cmd(v.mseSetAtApdu));
    expect(c.handle(cmd('00860000027C0000')).sw).toBe(0x6883);
    c = fresh();
    c.handle(cmd(v.mseSetAtApdu));
    c.handle(cmd(v.ga1Command));
    c.handle(cmd(v.ga2Command));
    c.handle(cmd(v.ga3Command));
    expect(c.handle(cmd(v.ga4Command.replace('C2B0BD78', 'C2B0BD79'))).sw).toBe(0x6300);
    expect(c.established).toBeUndefined();
  });
});
