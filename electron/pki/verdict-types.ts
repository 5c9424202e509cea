/**
 * The outcome of one passive-authentication step (a signature, the signed attributes, the hashes, a chain
 * link): the protocol layer's Outcome (emrtd/outcome.ts), named for the PKI. It is not the verdict's Check
 * (contract/tiers.ts): the verifier turns PKI outcomes into coded, worded tiers.
 */
import type { Outcome, OutcomeStatus } from '../emrtd/outcome.js';

export type PkiCheck = Outcome;
export type PkiStatus = OutcomeStatus;

const outcome = (status: PkiStatus, reason: string, algorithm?: string): PkiCheck => (algorithm === undefined ? { status, reason } : { status, reason, algorithm });
export const pass = (reason: string, algorithm?: string): PkiCheck => outcome('pass', reason, algorithm);
export const fail = (reason: string, algorithm?: string): PkiCheck => outcome('fail', reason, algorithm);
export const notPerformed = (reason: string, algorithm?: string): PkiCheck => outcome('not_performed', reason, algorithm);
