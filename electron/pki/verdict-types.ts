/** Verification outcomes are data, not exceptions (HOUSE_STYLE "Errors"). */

export type CheckStatus = 'pass' | 'fail' | 'not_performed';

export interface Check {
  status: CheckStatus;
  /** Human-readable and stable enough to assert on; never contains personal data. */
  reason: string;
  /** Algorithm that was (or would have been) used, e.g. "ecdsa-with-SHA512 brainpoolP512r1". */
  algorithm?: string;
}

export const pass = (reason: string, algorithm?: string): Check => (algorithm === undefined ? { status: 'pass', reason } : { status: 'pass', reason, algorithm });
export const fail = (reason: string, algorithm?: string): Check => (algorithm === undefined ? { status: 'fail', reason } : { status: 'fail', reason, algorithm });
export const notPerformed = (reason: string, algorithm?: string): Check =>
  algorithm === undefined ? { status: 'not_performed', reason } : { status: 'not_performed', reason, algorithm };
