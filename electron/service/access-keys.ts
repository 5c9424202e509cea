/**
 * What staff typed or scanned → the ordered list of access keys to try: the CAN first (PACE needs only the
 * ID number on a CCCD), then BAC keys (ID + dates, MRZ, or expiry candidates when the expiry is unknown).
 */
import { ChipIdError } from '../emrtd/errors.js';
import { bacKeyCandidates, canKey, cccdBacKey, cccdCan, keysFromQr, mrzKey, type AccessKey } from '../emrtd/keys.js';
import { parseCccdQr, type QrIdentity } from '../emrtd/qr.js';
import type { KeyInput } from '../contract/types.js';

export type { KeyInput } from '../contract/types.js';

export interface KeyPlan {
  keys: AccessKey[];
  /** Parsed QR (unverified until the chip confirms it). */
  qr?: QrIdentity;
  /** What staff entered, for the documentValid cross-check (ID number only). */
  enteredId?: string;
}

export function planKeys(input: KeyInput): KeyPlan {
  const keys: AccessKey[] = [];
  const plan: KeyPlan = { keys };
  if (input.can) keys.push(canKey(input.can));
  if (input.mrz) keys.push(mrzKey(input.mrz));
  if (input.qr) {
    const qr = parseCccdQr(input.qr);
    plan.qr = qr;
    if (qr.layout === 'cccd-2021') {
      const k = keysFromQr(qr);
      keys.push(k.can, ...k.bac.slice(0, 3));
    } else {
      keys.push(cccdCan(qr.idNumber));
    }
    plan.enteredId = qr.idNumber;
  }
  if (input.id) {
    plan.enteredId = input.id.replace(/[\s.-]/g, '');
    keys.push(cccdCan(input.id));
    if (input.dob && input.doe) keys.push(cccdBacKey(input.id, input.dob, input.doe));
    else if (input.dob) keys.push(...bacKeyCandidates(input.id, input.dob).slice(0, 3));
  } else if (input.dob || input.doe) {
    throw new ChipIdError('KEY_INVALID', '--dob/--doe need --id');
  }
  if (keys.length === 0) throw new ChipIdError('KEY_INVALID', 'no key: give --id (with --dob), --mrz, --can or --qr');
  return plan;
}
