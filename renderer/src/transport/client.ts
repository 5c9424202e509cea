/**
 * A typed client of the contract built from the method table: one function per callable method, each
 * forwarded to one generic `call(method, params)` (the WebSocket, or the stand-in). Nothing is written per
 * method here: a method added to the table is in the client at once.
 */
import { CORE_METHODS, callableMethods, type CallableMethod } from '../../../electron/contract/methods.js';
import type { KioskClient, Subscribe } from '../../../electron/contract/types.js';

export type Call = (method: CallableMethod, params: object) => Promise<unknown>;

export function clientFrom(call: Call, subscribe: Subscribe): KioskClient {
  const methods = Object.fromEntries(callableMethods(CORE_METHODS).map((m) => [m, (params?: object) => call(m, params ?? {})]));
  return { ...methods, subscribe } as KioskClient;
}
