/**
 * chipid jobs run: runs every background job that is due once (the storage's retention purge and WAL
 * checkpoint, the workflows' retries and deliveries) and prints what ran. For kiosks whose service is not
 * running (a support visit, a cron entry) and for tests. `chipid jobs list` names them.
 */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { openCliWorkflows } from './workflow-context.js';

export async function cmdJobs(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(rest, { json: { type: 'boolean' } });
  if (sub !== 'run' && sub !== 'list') throw new ChipIdError('KEY_INVALID', 'usage: chipid jobs run [--json] | jobs list [--json]');
  const cli = openCliWorkflows();
  try {
    const jobs = cli.storage.jobs;
    for (const j of cli.registry.jobs((w) => cli.context(w))) jobs.add(j);
    if (sub === 'list') {
      process.stdout.write(values.json ? JSON.stringify({ jobs: jobs.names }) + '\n' : jobs.names.join('\n') + '\n');
      return 0;
    }
    const runs = await jobs.runDue();
    const out = runs.map((r) => ({ name: r.name, ok: r.ok, ...(r.ok ? {} : { error: errorCode(r.error) }) }));
    if (values.json) process.stdout.write(JSON.stringify({ runs: out }) + '\n');
    else for (const r of out) process.stdout.write(`${r.ok ? '✔' : '✘'} ${r.name}${r.ok ? '' : ` (${r.error})`}\n`);
    return out.every((r) => r.ok) ? 0 : 1;
  } finally {
    cli.close();
  }
}

function errorCode(e: unknown): string {
  return e !== null && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
}
