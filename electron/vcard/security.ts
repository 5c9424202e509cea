/**
 * The chip's security objects and engines per profile: EF.CardAccess (PACE), DG14 (Chip Authentication
 * key), DG15 (Active Authentication key), and the PACE / CA / AA responders.
 */
import type { Rng } from '../emrtd/bytes.js';
import type { CardAuth } from './card.js';
import type { ProfileSpec } from './profiles.js';

export interface ChipSecurity {
  cardAccess?: Uint8Array;
  dg14?: Uint8Array;
  dg15?: Uint8Array;
  engines(secrets: { can: string; mrzInfo: string; rng: Rng }): Partial<CardAuth>;
}

export function chipSecurity(_profile: ProfileSpec, _rng: Rng): ChipSecurity {
  return { engines: () => ({}) };
}
