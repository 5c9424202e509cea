/**
 * A workflow's context for the command line (chipid checkin, chipid jobs run): the data directory's storage
 * with every workflow's tables, the workflow's saved settings, the operators and the environment. There is no
 * service here: no events (nobody is subscribed) and one counter, the command line itself.
 */
import { dataDir } from '../service/paths.js';
import { thisKioskSigningKey } from '../service/kiosk-signature.js';
import { openStorage, type Storage } from '../service/storage/index.js';
import { AdminGuard, loadWorkflowSettings } from '../service/admin.js';
import { getOperator, verifyOperatorPin } from '../service/operators.js';
import { adminPinCheck } from '../service/admin-pin-check.js';
import { WORKFLOWS, WorkflowRegistry, type JobContext, type Workflow } from '../service/workflows/index.js';

export const CLI_READER = 'cli';

export interface CliWorkflows {
  storage: Storage;
  registry: WorkflowRegistry;
  /** The context of one workflow; `operator`: the operator the command acts as (its counter's). */
  context(w: Workflow, operator?: string, opts?: { dueAll?: boolean }): JobContext;
  close(): void;
}

export function openCliWorkflows(env: NodeJS.ProcessEnv = process.env): CliWorkflows {
  const registry = new WorkflowRegistry(WORKFLOWS);
  const storage = openStorage(dataDir(env).root, { retention: false, checkpointIntervalMs: false, components: registry.migrations() });
  const admin = new AdminGuard(storage, { env: {} });
  return {
    storage,
    registry,
    context: (w, operator, opts) => ({
      storage,
      env,
      ...(opts?.dueAll ? { dueAll: true } : {}),
      settings: () => (w.settings ? loadWorkflowSettings(storage, w.name, w.settings) : {}),
      counter: (readerId) => ({ readerId, readerName: 'chipid', workflow: w.name, counter: 'cli', ...(operator !== undefined ? { operator } : {}) }),
      operator: (id) => getOperator(storage, id),
      verifyOperator: (id, pin) => verifyOperatorPin(storage, id, pin, adminPinCheck(admin)),
      signingKey: () => thisKioskSigningKey(dataDir(env).root, env),
    }),
    close: () => storage.close(),
  };
}
