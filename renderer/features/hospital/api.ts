/**
 * The hospital feature's view of the service: its own methods, typed from the workflow's contract (the client
 * already has them: API_METHODS merges every workflow's table). The operators (listOperators, signIn,
 * signOut) are core methods of KioskClient itself.
 */
import type { ClientOf } from '../../../electron/contract/methods.js';
import type { KioskClient } from '../../../electron/contract/types.js';
import { workflow } from '../../../electron/service/workflows/hospital/contract.js';

export type HospitalClient = ClientOf<typeof workflow.methods>;
export type { OperatorView } from '../../src/feature-hooks.js';

/** The hospital methods of the client (the same object: only the type is widened). */
export const hospitalClient = (api: KioskClient): HospitalClient => api as unknown as HospitalClient;

export { workflow };
