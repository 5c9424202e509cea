/**
 * A typed client of the contract built from the method table: one function per callable method, each
 * forwarded to one generic `call(method, params)` (the WebSocket, or the stand-in). Nothing is written per
 * method here: a method added to the table (the core's, or a workflow's contract.ts) is in the client at once.
 */
import { callableMethods, type CallableOf } from '../../../electron/contract/methods.js';
import { API_METHODS, type ApiMethods } from '../../../electron/service/workflows/contracts.js';
import type { KioskClient, Subscribe } from '../../../electron/contract/types.js';

/** Any method of the API: the core's and the workflows'. */
export type Call = (method: CallableOf<ApiMethods>, params: object) => Promise<unknown>;

export function clientFrom(call: Call, subscribe: Subscribe): KioskClient {
  const methods = Object.fromEntries(callableMethods(API_METHODS).map((m) => [m, (params?: object) => call(m, params ?? {})]));
  return { ...methods, subscribe } as KioskClient;
}
