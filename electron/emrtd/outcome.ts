/**
 * A protocol step's outcome: data, not an exception (HOUSE_STYLE "Errors"). Chip Authentication, Active
 * Authentication and PACE-CAM here, and every step of passive authentication in pki/, return one: a status
 * and the step's own technical words. The verdict's coded, worded Check (contract/tiers.ts) is built from
 * outcomes by the verifier (service/verify.ts); the contract names the same three statuses for the wire.
 */
export const OUTCOME_STATUSES = ['pass', 'fail', 'not_performed'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export interface Outcome {
  status: OutcomeStatus;
  /** Technical and stable enough to assert on (status words, algorithm errors); never personal data. */
  reason: string;
  /** Algorithm that was (or would have been) used, e.g. "ecdsa-with-SHA512 brainpoolP512r1". */
  algorithm?: string;
}
