/** The production random source: the platform CSPRNG (Web Crypto, present in Node and Electron). */
import type { Rng } from '../emrtd/bytes.js';

export const systemRng: Rng = (n) => {
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) globalThis.crypto.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
  return out;
};
