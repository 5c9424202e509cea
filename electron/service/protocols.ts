/**
 * Wires the protocol engines into the read flow:
 *  - PACE when EF.CardAccess offers it (CAN from the ID number on a CCCD, or the MRZ), the best PACEInfo,
 *    the parameter id always sent;
 *  - Chip Authentication right after DG14 (the rest is read under its keys); a clone fails here;
 *  - Active Authentication with a fresh 8-byte challenge at the end; PACE-CAM checked against DG14.
 * Evidence (checks) lands in `evidence.chipAuthentication`, `.activeAuthentication`, `.paceCam`.
 */
import type { AuthenticityStep, PaceStep } from '../emrtd/read.js';
import { asChipIdError } from '../emrtd/errors.js';
import { parseCardAccess, parseDg14, choosePaceInfo, findCaPublicKey, type ChipAuthenticationInfo, type ActiveAuthenticationInfo } from '../emrtd/lds/securityinfos.js';
import { parseDg15 } from '../emrtd/lds/dg15.js';
import { performPace } from '../emrtd/pace/pace.js';
import { runChipAuthentication } from '../emrtd/ca/chipauth.js';
import { performActiveAuthentication } from '../emrtd/aa/activeauth.js';
import { verifyCam, findCamKey } from '../emrtd/pace/cam.js';

export interface ProtocolOptions {
  /** Use PACE when offered (default true). */
  pace?: boolean;
  chipAuthentication?: boolean;
  activeAuthentication?: boolean;
}

export function protocolHooks(o: ProtocolOptions = {}): { pace?: PaceStep; chipAuthentication?: AuthenticityStep; authenticity?: AuthenticityStep } {
  const hooks: { pace?: PaceStep; chipAuthentication?: AuthenticityStep; authenticity?: AuthenticityStep } = {};
  if (o.pace !== false) hooks.pace = paceStep;
  if (o.chipAuthentication !== false) hooks.chipAuthentication = caStep;
  if (o.activeAuthentication !== false) hooks.authenticity = endStep;
  return hooks;
}

const paceStep: PaceStep = async ({ transport, cardAccess, key, rng }) => {
  const infos = parseCardAccess(cardAccess);
  const paceInfo = choosePaceInfo(infos);
  if (!paceInfo) return undefined;
  const password = key.kind === 'can' ? { kind: 'can' as const, value: key.can } : { kind: 'mrz' as const, value: key.mrzInfo };
  const res = await performPace(transport.transceive, { password, paceInfo, securityInfos: infos, rng });
  transport.sm = res.sm;
  return { protocol: res.protocol, evidence: res.cam ? { paceCamData: res.cam } : {} };
};

const caStep: AuthenticityStep = async ({ transport, files, rng, evidence }) => {
  const dg14 = files.dataGroups.get(14);
  if (!dg14) return;
  let infos;
  try {
    infos = parseDg14(dg14);
  } catch (e) {
    evidence.chipAuthentication = { status: 'fail', reason: `DG14 unreadable: ${asChipIdError(e).message}` };
    return;
  }
  if (evidence.paceCamData) return; // PACE-CAM already authenticated the chip (checked at the end)
  const caInfo = infos.find((i): i is ChipAuthenticationInfo => i.type === 'ChipAuthenticationInfo');
  if (!caInfo) return;
  const caPublicKeyInfo = findCaPublicKey(caInfo, infos);
  if (!caPublicKeyInfo) {
    evidence.chipAuthentication = { status: 'fail', reason: 'DG14 announces Chip Authentication but holds no matching public key' };
    return;
  }
  const r = await runChipAuthentication(transport.transceive, (sm) => (transport.sm = sm), { caInfo, caPublicKeyInfo, rng });
  evidence.chipAuthentication = { status: r.status, reason: r.reason, ...(r.algorithm ? { algorithm: r.algorithm } : {}) };
};

const endStep: AuthenticityStep = async ({ transport, files, rng, evidence }) => {
  const camData = evidence.paceCamData;
  if (camData) {
    delete evidence.paceCamData;
    const dg14 = files.dataGroups.get(14);
    const key = dg14 ? findCamKey(parseDg14(dg14), camData.keyId) : undefined;
    evidence.paceCam = key ? verifyCam(camData, key) : { status: 'fail', reason: 'PACE-CAM: no matching Chip Authentication key in DG14' };
  }
  const dg15 = files.dataGroups.get(15);
  if (!dg15) return;
  // A chip that passed Chip Authentication needs no AA; AA is still run for the record when the chip has it.
  let aaInfo: ActiveAuthenticationInfo | undefined;
  try {
    const dg14 = files.dataGroups.get(14);
    aaInfo = dg14 ? parseDg14(dg14).find((i): i is ActiveAuthenticationInfo => i.type === 'ActiveAuthenticationInfo') : undefined;
  } catch {
    aaInfo = undefined;
  }
  let key;
  try {
    key = parseDg15(dg15).publicKey;
  } catch (e) {
    evidence.activeAuthentication = { status: 'fail', reason: `DG15 unreadable: ${asChipIdError(e).message}` };
    return;
  }
  evidence.activeAuthentication = await performActiveAuthentication(transport.transceive, key, rng, aaInfo ? { aaInfo } : {});
};
