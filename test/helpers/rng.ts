/** A seeded random source for tests and replays (xorshift128+ over a 64-bit seed). Not for production keys. */
import type { Rng } from '../../electron/emrtd/bytes.js';

export function seededRng(seed = 1): Rng {
  let s0 = BigInt(seed) | 1n;
  let s1 = (BigInt(seed) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn | 2n;
  const mask = 0xffffffffffffffffn;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let x = s0;
      const y = s1;
      s0 = y;
      x ^= (x << 23n) & mask;
      s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
      out[i] = Number((s1 + y) & 0xffn);
    }
    return out;
  };
}

/** mulberry32: a small seeded source of floats in [0, 1), so a failing randomised run replays from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
