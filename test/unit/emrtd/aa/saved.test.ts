/**
 * Active Authentication re-proved from a saved read (aa/saved.ts) on real passport sessions: the challenge
 * and signature a read keeps (performActiveAuthentication returns them) verify later against DG15 alone.
 */
import { describe, expect, it } from 'vitest';
import { icaoVectors, h } from '../../../helpers/shared.js';
import { toHex } from '../../../../electron/emrtd/bytes.js';
import type { CommandApdu, ResponseApdu } from '../../../../electron/emrtd/apdu.js';
import { SecureMessaging } from '../../../../electron/emrtd/sm.js';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.js';
import { performActiveAuthentication } from '../../../../electron/emrtd/aa/activeauth.js';
import { verifySavedActiveAuthentication } from '../../../../electron/emrtd/aa/saved.js';
import { scriptedRng } from '../pace/script.js';

describe('verifySavedActiveAuthentication', () => {
  it('pymrtd real passport RSA-1024 SHA-1: each stored challenge + signature re-proves; one changed byte fails', () => {
    const v = icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1;
    for (const c of v.cases as { challenge: string; signature: string }[]) {
      expect(verifySavedActiveAuthentication(h(v.dg15), undefined, h(c.challenge), h(c.signature))).toMatchObject({ status: 'pass', algorithm: 'RSA-1024/ISO9796-2-SHA-1' });
      const ch = h(c.challenge);
      ch[3]! ^= 0x80;
      expect(verifySavedActiveAuthentication(h(v.dg15), undefined, ch, h(c.signature)).status).toBe('fail');
      const sig = h(c.signature);
      sig[sig.length - 1]! ^= 0x01;
      expect(verifySavedActiveAuthentication(h(v.dg15), undefined, h(c.challenge), sig).status).toBe('fail');
    }
  });

  it('a challenge that is not 8 bytes, or an unreadable DG15, fails with a reason (never throws)', () => {
    const v = icaoVectors().realSessions.pymrtd_AA_RSA1024_SHA1;
    const c = v.cases[0] as { challenge: string; signature: string };
    expect(verifySavedActiveAuthentication(h(v.dg15), undefined, h(c.challenge).subarray(0, 7), h(c.signature)).reason).toMatch(/7 bytes, expected 8/);
    const r = verifySavedActiveAuthentication(h('6F03010203'), undefined, h(c.challenge), h(c.signature));
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/DG15 unreadable/);
    expect(verifySavedActiveAuthentication(h(v.dg15), h('FFFF'), h(c.challenge), h(c.signature)).status).toBe('pass'); // DG14 unreadable: hash by key, as at read time
  });

  it('gmrtd real passport RSA-1792 SHA-256: performActiveAuthentication returns the RND.IFD it sent and the chip’s answer, which re-prove offline', async () => {
    const v = icaoVectors().realSessions.gmrtd_AA_RSA1792_SHA256;
    const sm = new SecureMessaging({ suite: '3DES', ksEnc: h(v.smBefore.ksEnc), ksMac: h(v.smBefore.ksMac), ssc: h(v.smBefore.ssc) });
    const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      sm.wrapCommand(cmd);
      return sm.unwrapResponse(h(v.protectedResponse));
    };
    const r = await performActiveAuthentication(transceive, parseDg15(h(v.dg15)).publicKey, scriptedRng(v.rndIFD));
    expect(r.status).toBe('pass');
    expect(toHex(r.challenge!)).toBe(v.rndIFD);
    expect(verifySavedActiveAuthentication(h(v.dg15), undefined, r.challenge!, r.signature!)).toMatchObject({ status: 'pass', algorithm: 'RSA-1792/ISO9796-2-SHA-256' });
  });
});
