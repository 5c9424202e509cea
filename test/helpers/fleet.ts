/** Shared pieces of the fleet tests: whether PostgreSQL can run here (with the printed reason when not). */
import { postgresUnavailable } from './postgres.js';

export const PG_SKIP = postgresUnavailable();
if (PG_SKIP) console.warn(`fleet tests on PostgreSQL skipped: ${PG_SKIP}`);

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the syncing child (bench/fleet-child.ts) into the repository's dist/ (beside node_modules, so `pg`,
 * PGlite and the SQLite binding load as packages); returns its path.
 */
export async function bundleFleetChild(): Promise<string> {
  const out = fileURLToPath(new URL(`../../dist/fleet-child-${process.pid}.mjs`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL('../../bench/fleet-child.ts', import.meta.url))],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return out;
}
