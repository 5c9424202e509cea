/**
 * Background jobs: one small registry instead of timers scattered through the modules. A job has a name, an
 * interval and a `run(now)`; the registry runs each job when it is due, either on its own timers (`start()`,
 * `stop()` with the service) or once on request (`runDue(now)`, for a command-line `jobs run` and tests).
 *
 * A failing job is reported (onError, and in runDue's answer) and retried at its next interval; it never stops
 * the other jobs. A job still running (an async one) is not started again until it has finished.
 */

export interface Job {
  /** Unique in the registry, e.g. 'retention.purge'. */
  name: string;
  /** How often the job runs (ms, at least 1). */
  intervalMs: number;
  /** The work. A returned promise is awaited by runDue and watched (for errors) by the timers. */
  run(now: number): void | Promise<void>;
}

export interface JobRun {
  name: string;
  ok: boolean;
  error?: unknown;
}

export interface JobRegistryOptions {
  /** Clock for due times (tests). Default Date.now. */
  now?: () => number;
  /** A failed run, reported instead of thrown from a timer. */
  onError?: (name: string, error: unknown) => void;
}

interface Entry {
  job: Job;
  /** When the job last started (epoch ms); undefined = never, so it is due. */
  lastAt: number | undefined;
  running: boolean;
  timer: NodeJS.Timeout | undefined;
}

export class JobRegistry {
  private readonly entries = new Map<string, Entry>();
  private started = false;
  private readonly now: () => number;

  constructor(private readonly opts: JobRegistryOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  /** Registers a job; a job added to a started registry gets its timer at once. */
  add(job: Job): this {
    if (this.entries.has(job.name)) throw new Error(`jobs: '${job.name}' is already registered`);
    if (!Number.isFinite(job.intervalMs) || job.intervalMs < 1) throw new Error(`jobs: '${job.name}' needs an interval >= 1 ms`);
    const e: Entry = { job, lastAt: undefined, running: false, timer: undefined };
    this.entries.set(job.name, e);
    if (this.started) this.arm(e);
    return this;
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** The jobs due at `now`: never run, or last started at least one interval ago, and not running. */
  due(now: number = this.now()): string[] {
    return [...this.entries.values()].filter((e) => this.isDue(e, now)).map((e) => e.job.name);
  }

  /** Runs every due job once, one after another; a failure is recorded and the next job still runs. */
  async runDue(now: number = this.now()): Promise<JobRun[]> {
    const out: JobRun[] = [];
    for (const e of this.entries.values()) {
      if (!this.isDue(e, now)) continue;
      out.push(await this.runEntry(e, now));
    }
    return out;
  }

  /** Runs one job now, due or not (a synchronous job has finished when this returns). */
  runNow(name: string, now: number = this.now()): JobRun | Promise<JobRun> {
    const e = this.entries.get(name);
    if (e === undefined) throw new Error(`jobs: no job '${name}'`);
    return this.runEntry(e, now);
  }

  /** Starts one timer per job (each fires every interval). Jobs that should also run now: call runDue first. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    for (const e of this.entries.values()) this.arm(e);
    return this;
  }

  /** Clears every timer. Safe to call twice; a job running now finishes but is not started again. */
  stop(): void {
    this.started = false;
    for (const e of this.entries.values()) {
      if (e.timer !== undefined) clearInterval(e.timer);
      e.timer = undefined;
    }
  }

  get running(): boolean {
    return this.started;
  }

  private isDue(e: Entry, now: number): boolean {
    return !e.running && (e.lastAt === undefined || now - e.lastAt >= e.job.intervalMs);
  }

  private arm(e: Entry): void {
    e.timer = setInterval(() => {
      if (this.started && !e.running) void this.runEntry(e, this.now());
    }, e.job.intervalMs);
    e.timer.unref();
  }

  /** Runs synchronously up to the job's first await, so a synchronous job has finished when this returns. */
  private runEntry(e: Entry, now: number): JobRun | Promise<JobRun> {
    e.lastAt = now;
    const failed = (error: unknown): JobRun => {
      this.opts.onError?.(e.job.name, error);
      return { name: e.job.name, ok: false, error };
    };
    let r: void | Promise<void>;
    try {
      r = e.job.run(now);
    } catch (error) {
      return failed(error);
    }
    if (!(r instanceof Promise)) return { name: e.job.name, ok: true };
    e.running = true;
    return r.then(
      () => ({ name: e.job.name, ok: true }),
      failed,
    ).finally(() => {
      e.running = false;
    });
  }
}
