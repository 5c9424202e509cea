/**
 * PACE-CAM chip check, 9303-11 §4.4.3.5.2: PK_Map,IC = KA(CA_IC, PK_IC, D_IC) — the chip proves it holds SK_IC
 * whose public key PK_IC is in EF.CardSecurity (or DG14). Passive Authentication of that file must pass too
 * (done by the PKI layer); this is only the key check. Outcome is data, never an exception.
 */
import { bytesToBigInt } from '../bytes.js';
import { isChipIdError } from '../errors.js';
import type { ChipAuthenticationPublicKeyInfo, SecurityInfo } from '../lds/securityinfos.js';
import type { PublicKeyInfo } from '../lds/spki.js';
import { groupFor } from './group.js';
import type { PaceCamData } from './pace.js';
import type { Outcome } from '../outcome.js';

/** The PACE-CAM key check's outcome. */
export type CheckResult = Outcome;

function sameEcDomain(a: PublicKeyInfo, b: PaceCamData['group']['domain']): boolean {
  return a.kind === 'ec' && b.kind === 'ec' && a.domain.p === b.p && a.domain.a === b.a && a.domain.b === b.b && a.domain.gx === b.gx && a.domain.gy === b.gy && a.domain.n === b.n;
}

/** The ChipAuthenticationPublicKeyInfo for PACE-CAM: keyId equal to the PACEInfo parameterId (§9.2.1). */
export function findCamKey(infos: readonly SecurityInfo[], keyId: number | undefined): ChipAuthenticationPublicKeyInfo | undefined {
  const keys = infos.filter((i): i is ChipAuthenticationPublicKeyInfo => i.type === 'ChipAuthenticationPublicKeyInfo' && i.publicKey.kind === 'ec');
  if (keyId !== undefined) return keys.find((k) => k.keyId === keyId) ?? (keys.length === 1 && keys[0]!.keyId === undefined ? keys[0] : undefined);
  return keys.length === 1 ? keys[0] : undefined;
}

export function verifyCam(cam: PaceCamData | undefined, chipKey: ChipAuthenticationPublicKeyInfo | PublicKeyInfo | undefined): CheckResult {
  const algorithm = 'PACE-CAM';
  if (!cam) return { status: 'not_performed', reason: 'PACE ran without Chip Authentication Mapping', algorithm };
  if (!chipKey) return { status: 'not_performed', reason: 'no chip authentication public key (EF.CardSecurity not read)', algorithm };
  const pk = 'type' in chipKey ? chipKey.publicKey : chipKey;
  if (pk.kind !== 'ec') return { status: 'fail', reason: 'chip authentication key is not an EC key', algorithm };
  if (!sameEcDomain(pk, cam.group.domain)) return { status: 'fail', reason: 'chip key is on other domain parameters than PACE', algorithm };
  try {
    const g = groupFor(cam.group.domain);
    const pkIc = g.decode(pk.point, 'PK_IC');
    const pkMap = g.decode(cam.chipMappingPublicKey, 'PK_Map,IC');
    const ca = bytesToBigInt(cam.chipAuthenticationData);
    if (g.order === undefined || ca === 0n || ca >= g.order) return { status: 'fail', reason: 'CA_IC out of range', algorithm };
    const ok = g.equals(g.mul(pkIc, ca), pkMap);
    return ok
      ? { status: 'pass', reason: 'CA_IC · PK_IC equals the chip mapping key', algorithm }
      : { status: 'fail', reason: 'CA_IC · PK_IC differs from the chip mapping key: the chip does not hold the key of EF.CardSecurity', algorithm };
  } catch (e) {
    return { status: 'fail', reason: `CAM check failed: ${isChipIdError(e) ? e.message : 'invalid key'}`, algorithm };
  }
}
