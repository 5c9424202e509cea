/** Looks workflows up by name and runs a verified read through one. */
import { ChipIdError } from '../../emrtd/errors.js';
import type { ComponentMigrations } from '../storage/migrations/types.js';
import type { Job } from '../jobs.js';
import type { FinishedRead, JobContext, Workflow, WorkflowHandler, WorkflowStep } from './types.js';

export const DEFAULT_WORKFLOW = 'verify-only';

const NAME_RE = /^[a-z][a-z0-9-]{0,39}$/;

export interface StepFailure {
  step: string;
  error: unknown;
}

export class WorkflowRegistry {
  private readonly byName = new Map<string, Workflow>();

  constructor(workflows: readonly Workflow[]) {
    for (const w of workflows) {
      if (!NAME_RE.test(w.name)) throw new ChipIdError('INTERNAL', `workflow name '${w.name.slice(0, 40)}' is not [a-z][a-z0-9-]*`);
      if (this.byName.has(w.name)) throw new ChipIdError('INTERNAL', `workflow '${w.name}' is registered twice`);
      if (w.requiredTiers.length === 0) throw new ChipIdError('INTERNAL', `workflow '${w.name}' requires no tier`);
      this.byName.set(w.name, w);
    }
    if (!this.byName.has(DEFAULT_WORKFLOW)) throw new ChipIdError('INTERNAL', `the '${DEFAULT_WORKFLOW}' workflow must be registered`);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The named workflow, or the default one for an unknown or absent name. */
  get(name: string | undefined): Workflow {
    return (name !== undefined ? this.byName.get(name) : undefined) ?? this.byName.get(DEFAULT_WORKFLOW)!;
  }

  list(): Workflow[] {
    return [...this.byName.values()];
  }

  /** Every workflow's migrations, as storage components (run after the core's). */
  migrations(): ComponentMigrations[] {
    return this.list()
      .filter((w) => (w.migrations?.length ?? 0) > 0)
      .map((w) => ({ component: w.name, migrations: w.migrations! }));
  }

  /** Every workflow's jobs, named `<workflow>.<job>`. `ctx`: one context, or one per workflow. */
  jobs(ctx: JobContext | ((w: Workflow) => JobContext)): Job[] {
    const of = typeof ctx === 'function' ? ctx : () => ctx;
    return this.list().flatMap((w) => (w.jobs?.(of(w)) ?? []).map((j) => ({ ...j, name: `${w.name}.${j.name}` })));
  }

  /** Every workflow's method handlers by method name; two workflows may not handle the same method. */
  handlers(ctx: JobContext | ((w: Workflow) => JobContext)): Map<string, WorkflowHandler> {
    const of = typeof ctx === 'function' ? ctx : () => ctx;
    const all = new Map<string, WorkflowHandler>();
    for (const w of this.list()) {
      for (const [method, h] of Object.entries(w.handlers?.(of(w)) ?? {})) {
        if (all.has(method)) throw new ChipIdError('INTERNAL', `workflow method '${method}' is handled twice`);
        all.set(method, h);
      }
    }
    return all;
  }

  /**
   * Runs the workflow's steps on a finished read, in order: its `onRead` steps on every read, then its
   * `afterVerifiedRead` steps on a verified one. A failing step is collected and the next still runs (a
   * lookup that fails must not stop a check-in).
   */
  async afterRead(read: FinishedRead): Promise<StepFailure[]> {
    const w = this.get(read.workflow);
    return runSteps([...(w.onRead ?? []), ...(read.output.verdict === 'verified' ? (w.afterVerifiedRead ?? []) : [])], read);
  }

  /** Runs only the verified-read steps; a read that is not verified runs nothing. */
  async afterVerifiedRead(read: FinishedRead): Promise<StepFailure[]> {
    if (read.output.verdict !== 'verified') return [];
    return runSteps(this.get(read.workflow).afterVerifiedRead ?? [], read);
  }
}

async function runSteps(steps: readonly WorkflowStep[], read: FinishedRead): Promise<StepFailure[]> {
  const failures: StepFailure[] = [];
  for (const step of steps) {
    try {
      await step.run(read);
    } catch (error) {
      failures.push({ step: step.name, error });
    }
  }
  return failures;
}
