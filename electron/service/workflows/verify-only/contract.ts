/**
 * What the 'verify-only' workflow shows the front ends: its name, its labels and its API methods, in the
 * method table's form (electron/contract/methods.ts). It has no methods of its own: a verified read and its
 * verdict are the core methods' answers and events. Pure (contract imports only): the service, the preload
 * and the renderer all read it.
 */
import type { WorkflowContract } from '../../../contract/methods.js';

export const workflow = {
  name: 'verify-only',
  label: { vi: 'Chỉ xác thực thẻ', en: 'Verify only' },
  methods: {},
} as const satisfies WorkflowContract;
