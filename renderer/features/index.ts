/** The workflows' screens and settings sections: one line each (the first is the default workflow). */
import type { Feature } from './types.js';
import { verifyOnly } from './verify-only/index.js';
import { hospital } from './hospital/index.js';
import { bank } from './bank/index.js';

export const FEATURES: readonly Feature[] = [
  verifyOnly,
  hospital,
  bank,
];

export const DEFAULT_FEATURE = 'verify-only';

/** The feature of a workflow name; the default one for an unknown or absent name. */
export const featureOf = (name: string | undefined): Feature =>
  FEATURES.find((f) => f.name === name) ?? FEATURES.find((f) => f.name === DEFAULT_FEATURE)!;

export type { Feature, FeatureHeaderProps, FeatureResultProps, WorkflowSettingValue } from './types.js';
