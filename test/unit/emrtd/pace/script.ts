/** Test helpers: a scripted chip that checks each command byte for byte, and a scripted rng. */
import { expect } from 'vitest';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from '../../../../electron/emrtd/apdu.js';
import { fromHex, toHex, type Rng } from '../../../../electron/emrtd/bytes.js';
import type { Transceive } from '../../../../electron/emrtd/transceive.js';

export interface Step {
  command?: string; // expected command hex (undefined: not checked)
  response: string; // response hex incl. SW
}

export function scriptedChip(steps: Step[]): Transceive & { remaining: () => number; sent: string[] } {
  const queue = [...steps];
  const sent: string[] = [];
  const fn = async (cmd: CommandApdu): Promise<ResponseApdu> => {
    const enc = toHex(encodeCommand(cmd));
    sent.push(enc);
    const step = queue.shift();
    if (!step) throw new Error(`unexpected command ${enc}`);
    if (step.command !== undefined) expect(enc).toBe(step.command.toUpperCase());
    const r = decodeResponse(fromHex(step.response));
    return { data: r.data.slice(), sw: r.sw };
  };
  return Object.assign(fn, { remaining: () => queue.length, sent });
}

/** Returns the given byte strings in order; each call must ask for exactly that many bytes. */
export function scriptedRng(...values: string[]): Rng & { remaining: () => number } {
  const queue = values.map((v) => fromHex(v));
  const fn = (n: number): Uint8Array => {
    const v = queue.shift();
    if (!v) throw new Error(`rng exhausted (asked for ${n})`);
    if (v.length !== n) throw new Error(`rng asked for ${n} bytes, script has ${v.length}`);
    return v.slice();
  };
  return Object.assign(fn, { remaining: () => queue.length });
}

/** A deterministic non-cryptographic rng for round trips. */
export { seededRng } from '../../../helpers/rng.js';
