/**
 * The reason codes of the tier table (tiers.ts), for the modules that word or store a code. The table and
 * its wording live in tiers.ts; this module only names the part of it that is about reasons.
 */
export {
  CHECK_NAMES,
  GENUINE_VIA,
  REASONS,
  REASON_CODES,
  STORABLE_PARAMS,
  codesOf,
  isReasonCode,
  reasonEntry,
  reasonText,
  storableParams,
  type CheckName,
  type GenuineVia,
  type ReasonCode,
  type ReasonEntry,
  type ReasonParams,
  type StoredParams,
} from './tiers.js';
