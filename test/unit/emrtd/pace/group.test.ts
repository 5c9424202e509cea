import { describe, expect, it } from 'vitest';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { h } from '../../../helpers/shared.js';
import { bigIntToBytes } from '../../../../electron/emrtd/bytes.js';
import { isChipIdError } from '../../../../electron/emrtd/errors.js';
import { groupFor, modPow } from '../../../../electron/emrtd/pace/group.js';
import { STANDARD_DOMAINS, standardDomain, canonicalDomain, type EcDomain } from '../../../../electron/emrtd/pace/params.js';
import { pointEncode } from '../../../../electron/emrtd/pace/mapping.js';
import { seededRng } from './script.js';

const code = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return isChipIdError(e) ? e.code : `untyped ${String(e)}`;
  }
};

describe('standardized domain parameters (9303-11 §9.5.1 Table 12)', () => {
  it('ids 0–2 and 8–18 exist; 3–7 and 19 are reserved', () => {
    expect([...STANDARD_DOMAINS.keys()]).toEqual([0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (const id of [3, 7, 19, 31]) expect(standardDomain(id)).toBeUndefined();
  });
  it('the curves @noble/curves also ships (RFC 5639 / FIPS 186-4) have identical constants', () => {
    for (const [c, id] of [[p256, 12], [p384, 15], [p521, 18], [brainpoolP256r1, 13], [brainpoolP384r1, 16], [brainpoolP512r1, 17]] as const) {
      const C = c.Point.CURVE();
      const d = standardDomain(id) as EcDomain;
      expect([d.p, d.a, d.b, d.gx, d.gy, d.n]).toEqual([C.p, C.a, C.b, C.Gx, C.Gy, C.n]);
    }
  });
  it('every curve: G on the curve and n·G = O (checked with n−1: (n−1)·G = −G)', () => {
    for (const d of STANDARD_DOMAINS.values()) {
      if (d.kind !== 'ec') continue;
      expect((d.gy * d.gy - (d.gx ** 3n + d.a * d.gx + d.b)) % d.p).toBe(0n);
      const g = groupFor(d);
      const minusG = g.mul(g.generator, d.n - 1n);
      expect(g.isIdentity(g.combine(minusG, g.generator))).toBe(true);
    }
  });
  it('every MODP group: g^q = 1 mod p, g ≠ 1', () => {
    for (const d of STANDARD_DOMAINS.values()) {
      if (d.kind !== 'dh') continue;
      expect(modPow(d.g, d.q!, d.p)).toBe(1n);
      expect(d.g).not.toBe(1n);
    }
  });
  it('explicit parameters equal to brainpoolP256r1 resolve to the named set', () => {
    const d = standardDomain(13) as EcDomain;
    expect(canonicalDomain({ kind: 'ec', p: d.p, a: d.a, b: d.b, gx: d.gx, gy: d.gy, n: d.n, h: 1n })).toBe(d);
  });
});

describe('group element validation (TR-03111 §3.2.2, RFC 2631 §2.1.5) → PROTOCOL_ERROR', () => {
  const ec = groupFor(standardDomain(13)!);
  const L = 32;
  const d = standardDomain(13) as EcDomain;
  it('EC: infinity, off-curve, compressed, wrong length, coordinate ≥ p', () => {
    expect(code(() => ec.decode(h('00'), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => ec.decode(h('04' + '00'.repeat(64)), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => ec.decode(h('04' + '01'.repeat(64)), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => ec.decode(h('02' + bigIntToBytes(d.gx, L).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '')), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => ec.decode(new Uint8Array(64), 'k'))).toBe('PROTOCOL_ERROR');
    const big = new Uint8Array(65);
    big[0] = 4;
    big.set(bigIntToBytes(d.p, L), 1);
    big.set(bigIntToBytes(d.gy, L), 33);
    expect(code(() => ec.decode(big, 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => ec.decode(ec.encode(ec.generator), 'k'))).toBe('ok');
  });
  it('DH: 0, 1, p−1, ≥ p, outside the q-subgroup, too long', () => {
    const dh = groupFor(standardDomain(0)!);
    const p = (standardDomain(0) as { p: bigint }).p;
    for (const y of [0n, 1n, p - 1n]) expect(code(() => dh.decode(bigIntToBytes(y, 128), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => dh.decode(new Uint8Array(129).fill(1), 'k'))).toBe('PROTOCOL_ERROR');
    expect(code(() => dh.decode(bigIntToBytes(2n, 128), 'k'))).toBe('PROTOCOL_ERROR'); // 2 is not in the order-q subgroup
    expect(code(() => dh.decode(dh.encode(dh.generator), 'k'))).toBe('ok');
  });
  it('random scalars are in [1, n−1] and left-padded encodings keep the field size', () => {
    const rng = seededRng(42);
    for (let i = 0; i < 50; i++) {
      const k = ec.randomScalar(rng);
      expect(k > 0n && k < d.n).toBe(true);
      expect(ec.encode(ec.mul(ec.generator, k)).length).toBe(65);
      expect(ec.sharedSecret(ec.mul(ec.generator, k)).length).toBe(32);
    }
  });
  it('Integrated Mapping point encoding refuses P-224 (p ≡ 1 mod 4) → UNSUPPORTED, and maps into the curve elsewhere', () => {
    expect(code(() => pointEncode(groupFor(standardDomain(10)!), 12345n))).toBe('UNSUPPORTED');
    for (const id of [8, 9, 11, 12, 13, 14, 15, 16, 17, 18]) {
      const g = groupFor(standardDomain(id)!);
      const pt = pointEncode(g, 0x1234567890abcdefn);
      expect(code(() => g.decode(g.encode(pt), 'mapped'))).toBe('ok');
    }
  });
});
