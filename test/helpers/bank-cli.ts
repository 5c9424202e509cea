/** The built chipid CLI in a child process, for the bank's command-line tests (data and key folders of its own). */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './shared.js';

const BIN = join(REPO_DIR, 'bin/chipid.mjs');

export type Json = Record<string, any>;

export function ensureCliBuilt(): void {
  if (!existsSync(join(REPO_DIR, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
}

/** A run's exit code, output and parsed last JSON line; `said` is everything it printed (and a kill by the timeout), for assertion messages. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  json: Json;
  said: string;
}

export function runCli(home: string, args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, CHIPID_HOME: join(home, 'data'), CHIPID_KEY_DIR: join(home, 'keys'), ...env };
    delete e.CHIPID_MASTER_KEY;
    delete e.CHIPID_OPERATOR_PIN;
    Object.assign(e, env);
    const child = execFile(process.execPath, [BIN, ...args], { env: e, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let json: Json = {};
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Json;
      } catch {
        json = {};
      }
      const killed = error && (error as { signal?: string }).signal ? `\n(killed by ${(error as { signal?: string }).signal}: ${args[0]} ran over its time limit)` : '';
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr, json, said: `${stderr}${stdout}${killed}` });
    });
    child.stdin?.end(stdin ?? '');
  });
}
