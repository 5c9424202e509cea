// Runs every vitest suite and ends with one plain summary line ("N passed, N failed, N skipped"), so CI
// logs say how many tests ran. Exit code: vitest's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

mkdirSync('test-results', { recursive: true });
const out = 'test-results/vitest.json';
rmSync(out, { force: true });
// Tests that start the service without a key folder of their own keep its master key in a private temp
// folder, not in the user's configuration folder (CHIPID_KEY_DIR; removed afterwards).
const ownKeys = process.env.CHIPID_KEY_DIR ? undefined : mkdtempSync(join(tmpdir(), 'chipid-test-keys-'));
const env = ownKeys ? { ...process.env, CHIPID_KEY_DIR: ownKeys } : process.env;
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
if (ownKeys) rmSync(ownKeys, { recursive: true, force: true });
let summary = 'no test results written';
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  summary = `${j.numPassedTests} passed, ${j.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
} catch {
  /* vitest crashed before writing results: its own output says why */
}
console.log(`\nvitest: ${summary}`);
process.exit(r.status ?? 1);
