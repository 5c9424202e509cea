import { describe, expect, it } from 'vitest';
import { icaoVectors, h } from '../../../helpers/shared.js';
import { toHex, fromHex } from '../../../../electron/emrtd/bytes.js';
import { groupFor } from '../../../../electron/emrtd/pace/group.js';
import { standardDomain } from '../../../../electron/emrtd/pace/params.js';
import { genericMap, integratedMap } from '../../../../electron/emrtd/pace/mapping.js';
import { decryptNonce, passwordKey, sessionKeys, tokenInput, authToken } from '../../../../electron/emrtd/pace/steps.js';

const pt = (o: { x: string; y: string }): string => `04${o.x}${o.y}`;

describe('PACE mappings against the ICAO worked examples', () => {
  it('9303-11 App. G.1 (ECDH GM, brainpoolP256r1)', () => {
    const v = icaoVectors().pace.G1_ECDH_GM;
    const kPi = passwordKey({ kind: 'mrz', value: v.mrzInfo }, 'AES-128');
    expect(toHex(kPi)).toBe(v.K_pi);
    const s = decryptNonce(kPi, h(v.encryptedNonce), 'AES-128');
    expect(toHex(s)).toBe(v.nonce_s);
    const g = groupFor(standardDomain(13)!);
    const skMap = BigInt('0x' + v.terminalMappingPrivateKey);
    expect(toHex(g.encode(g.mul(g.generator, skMap)))).toBe(pt(v.terminalMappingPublicKey));
    const chipMap = g.decode(h(pt(v.chipMappingPublicKey)), 'x');
    const m = genericMap(g, s, skMap, chipMap);
    expect(toHex(g.encode(m.shared))).toBe(pt(v.mappingSharedPoint_H));
    expect(toHex(g.encode(m.generator))).toBe(pt(v.mappedGenerator));
    const sk = BigInt('0x' + v.terminalEphemeralPrivateKey);
    const pk = m.mapped.mul(m.mapped.generator, sk);
    expect(toHex(g.encode(pk))).toBe(pt(v.terminalEphemeralPublicKey));
    const chipPk = g.decode(h(pt(v.chipEphemeralPublicKey)), 'y');
    const K = g.sharedSecret(g.agreeElement(sk, chipPk));
    expect(toHex(K)).toBe(v.sharedSecret_K);
    const ks = sessionKeys(K, 'AES-128');
    expect(toHex(ks.ksEnc)).toBe(v.ksEnc);
    expect(toHex(ks.ksMac)).toBe(v.ksMac);
    expect(toHex(tokenInput(v.oid, g, h(pt(v.chipEphemeralPublicKey))))).toBe(v.tIfdInput);
    expect(toHex(authToken(ks.ksMac, 'AES-128', v.oid, g, h(pt(v.chipEphemeralPublicKey))))).toBe(v.tIfd);
    expect(toHex(authToken(ks.ksMac, 'AES-128', v.oid, g, h(pt(v.terminalEphemeralPublicKey))))).toBe(v.tIc);
  });

  it('9303-11 App. G.2 (DH GM, RFC 5114 1024-bit)', () => {
    const v = icaoVectors().pace.G2_DH_GM;
    const kPi = passwordKey({ kind: 'mrz', value: v.mrzInfo }, 'AES-128');
    const s = decryptNonce(kPi, h(v.encryptedNonce), 'AES-128');
    expect(toHex(s)).toBe(v.nonce_s);
    const g = groupFor(standardDomain(0)!);
    const skMap = BigInt('0x' + v.terminalMappingPrivateKey);
    expect(toHex(g.encode(g.mul(g.generator, skMap)))).toBe(v.terminalMappingPublicKey);
    const m = genericMap(g, s, skMap, g.decode(h(v.chipMappingPublicKey), 'x'));
    expect(toHex(g.encode(m.shared))).toBe(v.mappingSharedSecret_h);
    expect(toHex(g.encode(m.generator))).toBe(v.mappedGenerator);
    const sk = BigInt('0x' + v.terminalEphemeralPrivateKey);
    expect(toHex(g.encode(m.mapped.mul(m.mapped.generator, sk)))).toBe(v.terminalEphemeralPublicKey);
    const K = g.sharedSecret(g.agreeElement(sk, g.decode(h(v.chipEphemeralPublicKey), 'y')));
    expect(toHex(K)).toBe(v.sharedSecret_K);
    const ks = sessionKeys(K, 'AES-128');
    expect(toHex(ks.ksEnc)).toBe(v.ksEnc);
    expect(toHex(tokenInput(v.oid, g, h(v.chipEphemeralPublicKey)))).toBe(v.tIfdInput);
    expect(toHex(authToken(ks.ksMac, 'AES-128', v.oid, g, h(v.chipEphemeralPublicKey)))).toBe(v.tIfd);
    expect(toHex(authToken(ks.ksMac, 'AES-128', v.oid, g, h(v.terminalEphemeralPublicKey)))).toBe(v.tIc);
  });

  it('9303-11 App. H.1 (ECDH IM)', () => {
    const v = icaoVectors().pace.H1_ECDH_IM;
    const kPi = passwordKey({ kind: 'can', value: '123456' }, 'AES-128');
    expect(toHex(kPi)).toBe(v.K_pi);
    const s = decryptNonce(kPi, h(v.encryptedNonce), 'AES-128');
    expect(toHex(s)).toBe(v.nonce_s);
    const g = groupFor(standardDomain(13)!);
    const m = integratedMap(g, s, h(v.nonce_t), 'AES-128');
    expect(toHex(m.r)).toBe(v.R_s_t);
    expect(m.rModP.toString(16).toUpperCase().padStart(64, '0')).toBe(v.R_mod_p);
    expect(toHex(g.encode(m.generator))).toBe(pt(v.mappedGenerator));
    const sk = BigInt('0x' + v.terminalEphemeralPrivateKey);
    expect(toHex(g.encode(m.mapped.mul(m.mapped.generator, sk)))).toBe(pt(v.terminalEphemeralPublicKey));
    const K = g.sharedSecret(g.agreeElement(sk, g.decode(h(pt(v.chipEphemeralPublicKey)), 'y')));
    expect(toHex(K)).toBe(v.sharedSecret_K);
    // H.1 prints no chip private key; G.1's chip ephemeral key reproduces H.1's chip public key (used by the responder test).
    const g1 = icaoVectors().pace.G1_ECDH_GM;
    const chipSk = BigInt('0x' + g1.chipEphemeralPrivateKey);
    expect(toHex(g.encode(m.mapped.mul(m.mapped.generator, chipSk)))).toBe(pt(v.chipEphemeralPublicKey));
  });

  it('9303-11 App. H.2 (DH IM)', () => {
    const v = icaoVectors().pace.H2_DH_IM;
    const kPi = fromHex(v.K_pi);
    const s = decryptNonce(kPi, h(v.encryptedNonce), 'AES-128');
    expect(toHex(s)).toBe(v.nonce_s);
    const g = groupFor(standardDomain(0)!);
    const m = integratedMap(g, s, h(v.nonce_t), 'AES-128');
    expect(toHex(m.r)).toBe(v.R_s_t);
    expect(toHex(g.encode(m.rModP))).toBe(v.R_mod_p);
    expect(toHex(g.encode(m.generator))).toBe(v.mappedGenerator);
    const sk = BigInt('0x' + v.terminalEphemeralPrivateKey);
    expect(toHex(g.encode(m.mapped.mul(m.mapped.generator, sk)))).toBe(v.terminalEphemeralPublicKey);
    const K = g.sharedSecret(g.agreeElement(sk, g.decode(h(v.chipEphemeralPublicKey), 'y')));
    expect(toHex(K)).toBe(v.sharedSecret_K);
  });
});
