/**
 * The bank feature's view of the service: its own methods, typed from the workflow's contract (the client
 * already has them: API_METHODS merges every workflow's table). The operators (listOperators, signIn,
 * signOut) are core methods of KioskClient itself.
 */
import type { ClientOf } from '../../../electron/contract/methods.js';
import type { KioskClient } from '../../../electron/contract/types.js';
import { workflow } from '../../../electron/service/workflows/bank/contract.js';

export type BankClient = ClientOf<typeof workflow.methods>;

/** The bank methods of the client (the same object: only the type is widened). */
export const bankClient = (api: KioskClient): BankClient => api as unknown as BankClient;

export { workflow };
