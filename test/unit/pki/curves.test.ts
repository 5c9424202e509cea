/** Named curves beyond noble's built-ins (P-224, brainpoolP320r1…) verify ECDSA like any other curve. */
import { describe, expect, it } from 'vitest';
import { curveByOid, curveDisplayName } from '../../../electron/pki/curves.js';
import { sha256 } from '@noble/hashes/sha2.js';

describe('named curves from the standardized-domain table', () => {
  it.each([
    ['1.3.132.0.33', 'P-224'],
    ['1.3.36.3.3.2.8.1.1.9', 'brainpoolP320r1'],
    ['1.3.36.3.3.2.8.1.1.5', 'brainpoolP224r1'],
  ])('%s (%s): sign and verify round trip; a changed message fails', (oid, name) => {
    const c = curveByOid(oid);
    expect(c, name).toBeDefined();
    expect(curveDisplayName(oid)).toBe(name);
    const sk = c!.ecdsa.utils.randomSecretKey();
    const pk = c!.ecdsa.getPublicKey(sk, false);
    const msg = sha256(new TextEncoder().encode('chipid'));
    const sig = c!.ecdsa.sign(msg, sk, { prehash: false });
    expect(c!.ecdsa.verify(sig, msg, pk, { prehash: false })).toBe(true);
    const other = sha256(new TextEncoder().encode('chipie'));
    expect(c!.ecdsa.verify(sig, other, pk, { prehash: false })).toBe(false);
  });
  it('an unknown curve OID stays unsupported', () => {
    expect(curveByOid('1.2.3.4.5')).toBeUndefined();
  });
});
