/**
 * The workflows this kiosk offers: one line each. A counter (reader) picks one in its configuration; the
 * first is the default.
 */
import type { Workflow } from './types.js';
import { verifyOnly } from './verify-only/index.js';
import { hospital } from './hospital/index.js';
import { bank } from './bank/index.js';

export const WORKFLOWS: readonly Workflow[] = [
  verifyOnly,
  hospital,
  bank,
];

export { DEFAULT_WORKFLOW, WorkflowRegistry } from './registry.js';
export type { CounterView, FinishedRead, JobContext, SettingValue, VerifiedRead, Workflow, WorkflowHandler, WorkflowSettings, WorkflowStep } from './types.js';
