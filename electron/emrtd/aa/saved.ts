/**
 * Active Authentication re-proved from a saved read: the challenge (RND.IFD) the reading kiosk sent and the
 * chip's answer, checked against the DG15 key (and the hash named by DG14's ActiveAuthenticationInfo), as
 * at read time (9303-11 §6.1). It proves the chip holding the DG15 key signed that challenge; that the
 * challenge was fresh only the reading kiosk knew. Pure; failures are verdicts, never exceptions.
 */
import { asChipIdError } from '../errors.js';
import { parseDg14, type ActiveAuthenticationInfo } from '../lds/securityinfos.js';
import { parseDg15 } from '../lds/dg15.js';
import { verifyActiveAuthentication, type AaResult } from './activeauth.js';

/** 9303-11 §6.1: RND.IFD is 8 bytes; any other length is not an answer to INTERNAL AUTHENTICATE. */
export const AA_CHALLENGE_BYTES = 8;

export function verifySavedActiveAuthentication(dg15: Uint8Array, dg14: Uint8Array | undefined, challenge: Uint8Array, signature: Uint8Array): AaResult {
  if (challenge.length !== AA_CHALLENGE_BYTES) return { status: 'fail', reason: `stored challenge has ${challenge.length} bytes, expected ${AA_CHALLENGE_BYTES}` };
  let key;
  try {
    key = parseDg15(dg15).publicKey;
  } catch (e) {
    return { status: 'fail', reason: `DG15 unreadable: ${asChipIdError(e).message}` };
  }
  let aaInfo: ActiveAuthenticationInfo | undefined;
  try {
    aaInfo = dg14 ? parseDg14(dg14).find((i): i is ActiveAuthenticationInfo => i.type === 'ActiveAuthenticationInfo') : undefined;
  } catch {
    aaInfo = undefined; // as at read time: an unreadable DG14 leaves the hash to the key size
  }
  try {
    return verifyActiveAuthentication(key, challenge, signature, aaInfo ? { aaInfo } : {});
  } catch (e) {
    return { status: 'fail', reason: `stored signature unusable: ${asChipIdError(e).message}` };
  }
}
