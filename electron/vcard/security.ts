/**
 * The chip's security objects and engines per profile: EF.CardAccess (PACE), DG14 (Chip Authentication
 * key + infos), DG15 (Active Authentication key), and the PACE / CA / AA responders.
 * A CCCD profile offers what CCCD.md reports: PACE ECDH-GM AES-128 on brainpoolP256r1 (parameter id 13),
 * Chip Authentication ECDH AES-128, Terminal Authentication v1, and AA.
 */
import type { Rng } from '../emrtd/bytes.js';
import { encodeSecurityInfos, encodeDg14, parseSecurityInfos, type SecurityInfo, type PaceInfo } from '../emrtd/lds/securityinfos.js';
import { encodeDg15 } from '../emrtd/lds/dg15.js';
import { ecPublicKeyInfo, type PublicKeyInfo } from '../emrtd/lds/spki.js';
import { OID, caOid, paceOid } from '../emrtd/lds/oids.js';
import { standardDomain, type EcDomain } from '../emrtd/pace/params.js';
import { groupFor } from '../emrtd/pace/group.js';
import { PaceResponder } from '../emrtd/pace/responder.js';
import { ChipAuthResponder } from '../emrtd/ca/chipauth.js';
import { ActiveAuthResponder, type AaPrivateKey } from '../emrtd/aa/activeauth.js';
import { CardSecureMessaging } from '../emrtd/sm.js';
import type { CommandApdu } from '../emrtd/apdu.js';
import type { AuthOutcome, CardAuth } from './card.js';
import type { ProfileSpec } from './profile-spec.js';
import { AA_TEST_RSA } from '../devkit/assets/aa-test-key.js';

export interface ChipSecurity {
  cardAccess?: Uint8Array;
  dg14?: Uint8Array;
  dg15?: Uint8Array;
  engines(secrets: { can: string; mrzInfo: string; rng: Rng }): Partial<CardAuth>;
}

const BRAINPOOL_P256 = 13;

function ecKeyPair(domain: EcDomain, rng: Rng): { d: bigint; point: Uint8Array } {
  const g = groupFor(domain);
  const d = g.randomScalar(rng);
  return { d, point: g.encode(g.mul(g.generator, d)) };
}

export function chipSecurity(profile: ProfileSpec, rng: Rng): ChipSecurity {
  const domain = standardDomain(BRAINPOOL_P256) as EcDomain;
  const mapping = profile.paceMapping ?? 'GM';
  const paceInfo: PaceInfo = { type: 'PACEInfo', oid: paceOid('ECDH', mapping, 'AES-128'), version: 2, parameterId: BRAINPOOL_P256 };
  const caInfo: SecurityInfo = { type: 'ChipAuthenticationInfo', oid: caOid('ECDH', 'AES-128'), version: 1 };
  const taInfo: SecurityInfo = { type: 'TerminalAuthenticationInfo', oid: OID.idTA, version: 1 };

  // Chip Authentication key pair; a clone holds a different private key than DG14 announces.
  const ca = profile.chipAuthentication ? ecKeyPair(domain, rng) : undefined;
  const caChipKey = ca && profile.clone ? ecKeyPair(domain, rng).d : ca?.d;

  // Active Authentication key: RSA-1024 (ISO 9796-2, SHA-1) or ECDSA brainpoolP256r1 with SHA-256.
  let aaPublic: PublicKeyInfo | undefined;
  let aaPrivate: AaPrivateKey | undefined;
  let aaInfo: SecurityInfo | undefined;
  if (profile.activeAuthentication === 'rsa') {
    aaPublic = { kind: 'rsa', n: AA_TEST_RSA.n, e: AA_TEST_RSA.e };
    aaPrivate = { kind: 'rsa', n: AA_TEST_RSA.n, d: AA_TEST_RSA.d, hash: 'SHA-1' };
  } else if (profile.activeAuthentication === 'ec') {
    const kp = ecKeyPair(domain, rng);
    aaPublic = ecPublicKeyInfo(domain, kp.point, 'explicit');
    aaPrivate = { kind: 'ec', domain, d: kp.d, hash: 'SHA-256' };
    aaInfo = { type: 'ActiveAuthenticationInfo', oid: OID.idAA, version: 1, signatureAlgorithm: OID.ecdsaPlainSha256 };
  }
  if (aaPrivate && profile.clone) {
    aaPrivate = aaPrivate.kind === 'rsa' ? { ...aaPrivate, d: aaPrivate.d - 2n } : { ...aaPrivate, d: ecKeyPair(domain, rng).d };
  }

  // Round-trip through DER so the engines see exactly what a reader parses (decoded algorithms included).
  const cardAccessDer = encodeSecurityInfos(profile.pace ? [taInfo, ...(ca ? [caInfo] : []), paceInfo] : []);
  const cardAccessInfos = parseSecurityInfos(cardAccessDer);
  const offeredPace = cardAccessInfos.filter((i): i is PaceInfo => i.type === 'PACEInfo');
  const dg14Infos: SecurityInfo[] = [
    ...(ca ? [caInfo, { type: 'ChipAuthenticationPublicKeyInfo', oid: OID.idPkEcdh, publicKey: ecPublicKeyInfo(domain, ca.point, 'explicit') } as SecurityInfo] : []),
    ...(profile.pace ? [paceInfo] : []),
    taInfo,
    ...(aaInfo ? [aaInfo] : []),
  ];

  return {
    ...(profile.pace ? { cardAccess: cardAccessDer } : {}),
    ...(ca || aaInfo ? { dg14: encodeDg14(dg14Infos) } : {}),
    ...(aaPublic ? { dg15: encodeDg15(aaPublic) } : {}),
    engines: ({ can, mrzInfo, rng: r }) => {
      const engines: Partial<CardAuth> = {};
      if (profile.pace) {
        const pace = new PaceResponder({
          passwords: { can, mrz: mrzInfo },
          paceInfos: offeredPace,
          securityInfos: cardAccessInfos,
          rng: r,
          // PACE-CAM: the chip proves its static Chip Authentication key (keyId = the parameter id)
          ...(mapping === 'CAM' && caChipKey !== undefined ? { camPrivateKeys: new Map([[BRAINPOOL_P256, caChipKey]]) } : {}),
        });
        engines.pace = {
          handle(cmd: CommandApdu): AuthOutcome {
            const resp = pace.handle(cmd);
            const est = pace.established;
            if (est) {
              pace.established = undefined;
              return { data: resp.data, sw: resp.sw, sm: est.sm, level: 'pace' };
            }
            return { data: resp.data, sw: resp.sw };
          },
          reset: () => pace.reset(),
        };
      }
      if (ca && caChipKey !== undefined) {
        const responder = new ChipAuthResponder([{ oid: caInfo.oid, domain, privateKey: caChipKey }]);
        engines.ca = {
          handle(cmd: CommandApdu): AuthOutcome {
            const out = responder.handle(cmd);
            return { data: out.response.data, sw: out.response.sw, ...(out.restart ? { sm: new CardSecureMessaging(out.restart), level: 'ca' as const } : {}) };
          },
          reset: () => undefined,
        };
      }
      if (aaPrivate) {
        const aa = new ActiveAuthResponder(aaPrivate, r);
        engines.aa = {
          internalAuthenticate(challenge: Uint8Array): Uint8Array {
            return aa.handle({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: challenge, ne: 256 }).data;
          },
        };
      }
      return engines;
    },
  };
}
