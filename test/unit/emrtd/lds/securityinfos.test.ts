import { describe, expect, it } from 'vitest';
import { icaoVectors, h, sharedBytes } from '../../../helpers/shared.js';
import { toHex } from '../../../../electron/emrtd/bytes.js';
import {
  choosePaceInfo,
  encodeDg14,
  encodeSecurityInfos,
  findCaPublicKey,
  parseCardAccess,
  parseDg14,
  parseSecurityInfos,
  type PaceInfo,
  type SecurityInfo,
} from '../../../../electron/emrtd/lds/securityinfos.js';
import { encodeDg15, parseDg15 } from '../../../../electron/emrtd/lds/dg15.js';
import { paceOid } from '../../../../electron/emrtd/lds/oids.js';
import { standardDomain } from '../../../../electron/emrtd/pace/params.js';
import { isChipIdError } from '../../../../electron/emrtd/errors.js';

// CCCD.md: EF.CardAccess hard-coded by several Vietnamese apps.
const CCCD_CARD_ACCESS =
  '3134300D060804007F0007020202020101300F060A04007F00070202030202020101301206' + '0A04007F0007020204020202010202010D';

const parseCode = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return isChipIdError(e) ? e.code : `untyped ${String(e)}`;
  }
};

describe('SecurityInfos', () => {
  it('CCCD EF.CardAccess (CCCD.md): TA v1, CA ECDH AES-128 v1, PACE ECDH-GM AES-128 v2 on brainpoolP256r1', () => {
    const infos = parseCardAccess(h(CCCD_CARD_ACCESS));
    expect(infos.map((i) => i.type)).toEqual(['TerminalAuthenticationInfo', 'ChipAuthenticationInfo', 'PACEInfo']);
    const [ta, ca, pace] = infos as [SecurityInfo, SecurityInfo, SecurityInfo];
    expect(ta.type === 'TerminalAuthenticationInfo' && ta.version).toBe(1);
    expect(ca.type === 'ChipAuthenticationInfo' && ca.algorithm).toEqual({ oid: '0.4.0.127.0.7.2.2.3.2.2', keyAgreement: 'ECDH', suite: 'AES-128' });
    expect(pace.type === 'PACEInfo' && [pace.version, pace.parameterId, pace.algorithm?.mapping, pace.algorithm?.suite]).toEqual([2, 13, 'GM', 'AES-128']);
    expect(choosePaceInfo(infos)).toBe(pace);
    expect(toHex(encodeSecurityInfos(infos))).toBe(CCCD_CARD_ACCESS);
  });

  it('9303-11 App. G.1 / G.2 EF.CardAccess', () => {
    const g1 = parseCardAccess(h(icaoVectors().pace.G1_ECDH_GM.efCardAccess));
    expect((g1[0] as PaceInfo).parameterId).toBe(13);
    const g2 = parseCardAccess(h(icaoVectors().pace.G2_DH_GM.efCardAccess));
    expect((g2[0] as PaceInfo).algorithm?.keyAgreement).toBe('DH');
    expect((g2[0] as PaceInfo).parameterId).toBe(0);
  });

  for (const dir of ['bsi-tr03105-5', 'bdr-test-tsemrtd']) {
    it(`specimen ${dir} DG14: CA public key (explicit brainpoolP224r1), CA 3DES, TA; re-encodes byte for byte`, () => {
      const file = sharedBytes(`vectors/specimen/${dir}/DG14.bin`);
      const infos = parseDg14(file);
      expect(infos.map((i) => i.type)).toEqual(['ChipAuthenticationPublicKeyInfo', 'ChipAuthenticationInfo', 'TerminalAuthenticationInfo']);
      const pk = infos[0]!;
      if (pk.type !== 'ChipAuthenticationPublicKeyInfo' || pk.publicKey.kind !== 'ec') throw new Error('shape');
      expect(pk.publicKey.domain.name).toBe('brainpoolP224r1');
      expect(pk.publicKey.encoding).toEqual({ form: 'explicit', withCofactor: true });
      const ca = infos[1]!;
      if (ca.type !== 'ChipAuthenticationInfo') throw new Error('shape');
      expect(ca.algorithm?.suite).toBe('3DES');
      expect(findCaPublicKey(ca, infos)).toBe(pk);
      expect(toHex(encodeDg14(infos))).toBe(toHex(file));
      expect(choosePaceInfo(infos)).toBeUndefined();
    });
  }

  it('real AT passport DG14 (gmrtd): PACEInfo, CA AES-128, explicit brainpoolP256r1 CA key; round trip', () => {
    const file = h(icaoVectors().realSessions.gmrtd_CA_AT_ECDH_AES128.dg14);
    const infos = parseDg14(file);
    const pk = infos.find((i) => i.type === 'ChipAuthenticationPublicKeyInfo');
    expect(pk?.type === 'ChipAuthenticationPublicKeyInfo' && pk.publicKey.kind === 'ec' && pk.publicKey.domain.standardId).toBe(13);
    expect(toHex(encodeDg14(infos))).toBe(toHex(file));
  });

  it('choosePaceInfo order: ECDH > DH, CAM > GM > IM, AES-256 > AES-128, unsupported skipped', () => {
    const mk = (oid: string, parameterId?: number, version = 2): PaceInfo => {
      const set = parseSecurityInfos(encodeSecurityInfos([{ type: 'PACEInfo', oid, version, ...(parameterId === undefined ? {} : { parameterId }) }]));
      return set[0] as PaceInfo;
    };
    const dhGm256 = mk(paceOid('DH', 'GM', 'AES-256'), 2);
    const gm128 = mk(paceOid('ECDH', 'GM', 'AES-128'), 13);
    const gm256 = mk(paceOid('ECDH', 'GM', 'AES-256'), 13);
    const im256 = mk(paceOid('ECDH', 'IM', 'AES-256'), 13);
    const cam128 = mk(paceOid('ECDH', 'CAM', 'AES-128'), 13);
    const imP224 = mk(paceOid('ECDH', 'IM', 'AES-256'), 10);
    const v1 = mk(paceOid('ECDH', 'CAM', 'AES-256'), 13, 1);
    const reserved = mk(paceOid('ECDH', 'CAM', 'AES-256'), 5);
    expect(choosePaceInfo([dhGm256, gm128])).toBe(gm128);
    expect(choosePaceInfo([gm128, im256, gm256])).toBe(gm256);
    expect(choosePaceInfo([im256, gm128])).toBe(gm128);
    expect(choosePaceInfo([gm256, cam128, v1, reserved])).toBe(cam128);
    expect(choosePaceInfo([imP224])).toBeUndefined();
    expect(choosePaceInfo([dhGm256])).toBe(dhGm256);
  });

  it('explicit PACEDomainParameterInfo resolves and round-trips', () => {
    const infos: SecurityInfo[] = [
      { type: 'PACEInfo', oid: paceOid('ECDH', 'GM', 'AES-128'), version: 2, parameterId: 32 },
      { type: 'PACEDomainParameterInfo', oid: '0.4.0.127.0.7.2.2.4.2', domain: standardDomain(13)!, parameterId: 32 },
    ];
    const back = parseSecurityInfos(encodeSecurityInfos(infos));
    expect(back[1]!.type === 'PACEDomainParameterInfo' && back[1]!.domain.standardId).toBe(13);
    expect(choosePaceInfo(back)).toBe(back[0]);
  });

  it('unknown infos are kept raw', () => {
    const unk = h('300806032A03040201FF'.replace('0201FF', '020101'));
    const der = h('310A' + toHex(unk));
    const infos = parseSecurityInfos(der);
    expect(infos[0]).toMatchObject({ type: 'unknown', oid: '1.2.3.4' });
    expect(toHex(encodeSecurityInfos(infos))).toBe(toHex(der));
  });

  it('hostile SecurityInfos → PARSE_ERROR', () => {
    const bad = [
      '', // empty
      '3005300306', // truncated OID
      '31FF', // length beyond data
      '3103020101', // not a SEQUENCE inside
      '310A3008060380FF0102010D', // non-minimal OID arc
      CCCD_CARD_ACCESS + '00', // trailing byte
      '3134' + CCCD_CARD_ACCESS.slice(4, 40), // truncated
      '31033001' + '06', // child overruns
      '310830060601' + '2A' + '0281', // bad integer length
    ];
    for (const b of bad) expect(parseCode(() => parseCardAccess(h(b)))).toBe('PARSE_ERROR');
    expect(parseCode(() => parseDg14(h('6F03310100')))).toBe('PARSE_ERROR');
    // ECParameters with a compressed base point
    const dg14 = toHex(sharedBytes('vectors/specimen/bsi-tr03105-5/DG14.bin')).replace('0439040D9029', '0439030D9029');
    expect(parseCode(() => parseDg14(h(dg14)))).toBe('PARSE_ERROR');
  });
});

describe('DG15', () => {
  it('specimen DG15s hold RSA-1024 keys; re-encode byte for byte', () => {
    for (const dir of ['bsi-tr03105-5', 'bdr-test-tsemrtd']) {
      const file = sharedBytes(`vectors/specimen/${dir}/DG15.bin`);
      const dg = parseDg15(file);
      expect(dg.publicKey.kind).toBe('rsa');
      if (dg.publicKey.kind === 'rsa') expect(dg.publicKey.n.toString(2).length).toBe(1024);
      // The Bundesdruckerei test passport encodes the modulus without its 00 sign byte (negative INTEGER).
      expect(dg.publicKey.kind === 'rsa' && dg.publicKey.modulusWithoutSignByte === true).toBe(dir === 'bdr-test-tsemrtd');
      expect(toHex(encodeDg15(dg.publicKey))).toBe(toHex(file));
    }
  });
  it('real DG15s (gmrtd RSA-1792, pymrtd RSA-1024)', () => {
    const a = parseDg15(h(icaoVectors().realSessions.gmrtd_AA_RSA1792_SHA256.dg15));
    expect(a.publicKey.kind === 'rsa' && a.publicKey.n.toString(2).length).toBe(1792);
    const b = parseDg15(h(icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1.dg15));
    expect(b.publicKey.kind === 'rsa' && b.publicKey.e).toBe(65537n);
  });
  it('EC DG15 builder round trip (named and explicit)', () => {
    const d = standardDomain(13)!;
    if (d.kind !== 'ec') throw new Error('shape');
    const point = h('04' + d.gx.toString(16).padStart(64, '0') + d.gy.toString(16).padStart(64, '0'));
    for (const encoding of [{ form: 'named' as const, curveOid: '1.3.36.3.3.2.8.1.1.7' }, { form: 'explicit' as const, withCofactor: true }]) {
      const file = encodeDg15({ kind: 'ec', domain: d, encoding, point });
      const back = parseDg15(file);
      expect(back.publicKey.kind === 'ec' && back.publicKey.domain.name).toBe('brainpoolP256r1');
      expect(toHex(encodeDg15(back.publicKey))).toBe(toHex(file));
    }
  });
  it('hostile DG15 → PARSE_ERROR (wrong tag, DH key, trailing bytes, even exponent)', () => {
    const file = toHex(sharedBytes('vectors/specimen/bsi-tr03105-5/DG15.bin'));
    expect(parseCode(() => parseDg15(h('6E' + file.slice(2))))).toBe('PARSE_ERROR');
    expect(parseCode(() => parseDg15(h(file + '00')))).toBe('PARSE_ERROR');
    expect(parseCode(() => parseDg15(h(file.replace(/0203010001$/, '0203010002'))))).toBe('PARSE_ERROR');
    expect(parseCode(() => parseDg15(h('6F00')))).toBe('PARSE_ERROR');
  });
});
