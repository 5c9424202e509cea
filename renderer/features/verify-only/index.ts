/** verify-only: the core's result screen, no settings of its own. */
import type { Feature } from '../types.js';
import { workflow } from '../../../electron/service/workflows/verify-only/contract.js';

export const verifyOnly: Feature = {
  name: workflow.name,
  label: workflow.label,
};
