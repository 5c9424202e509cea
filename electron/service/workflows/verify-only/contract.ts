/**
 * The API methods of the 'verify-only' workflow, in the method table's form (electron/contract/methods.ts).
 * It has none of its own: a verified read and its verdict are the core methods' answers and events.
 * Pure: contract imports only.
 */
import type { MethodTable } from '../../../contract/methods.js';

export const methods = {} as const satisfies MethodTable;
