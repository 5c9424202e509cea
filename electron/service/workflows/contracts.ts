/**
 * The one registration list of the workflows' API methods: each workflow's `contract.ts` (pure, in the
 * method table's form) merged with the kiosk's own methods into the table the service validates and
 * dispatches with (api/core.ts, api/ws.ts, electron/main/ipc.ts) and the JSON schema is generated from.
 * It lives here, not in electron/contract, because the contract layer may not import the service's folders.
 * Adding a workflow's methods: one line below.
 */
import { CORE_METHODS, type MethodTable, type RequestOf, type WorkflowContract } from '../../contract/methods.js';
import { workflow as verifyOnly } from './verify-only/contract.js';
import { workflow as hospital } from './hospital/contract.js';
import { workflow as bank } from './bank/contract.js';

/** The workflows' contract parts, one line each (the first is the default workflow). */
export const WORKFLOW_CONTRACTS = [
  verifyOnly,
  hospital,
  bank,
] as const satisfies readonly WorkflowContract[];

const WORKFLOW_METHODS = {
  ...verifyOnly.methods,
  ...hospital.methods,
  ...bank.methods,
} as const satisfies MethodTable;

/** Every method of the API: the core's and the workflows'. A workflow may not redefine a core method. */
export const API_METHODS = { ...WORKFLOW_METHODS, ...CORE_METHODS } as const satisfies MethodTable;
export type ApiMethods = typeof API_METHODS;
export type ApiRequest = RequestOf<ApiMethods>;
