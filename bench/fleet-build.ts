/** Builds the syncing child (fleet-child.ts) into the repository's dist/, beside node_modules; returns its path. */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the folder above this file's (bench/ or dist/). */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

export async function bundleFleetChild(): Promise<string> {
  const root = repoRoot();
  const out = join(root, 'dist', `fleet-child-${process.pid}.mjs`);
  await build({
    entryPoints: [resolve(root, 'bench/fleet-child.ts')],
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
