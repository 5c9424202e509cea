/**
 * Builds a TypeScript child process for the crash and two-process tests (there is no tsx here): esbuild bundles
 * it into `outFile`; the native SQLite binding stays external, imported by absolute path, because the bundle
 * lives in a temp dir without node_modules. Returns `outFile`.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';

export async function bundleChild(entry: string, outFile: string): Promise<string> {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    plugins: [{ name: 'absolute-sqlite-binding', setup: (b) => void b.onResolve({ filter: /^better-sqlite3-multiple-ciphers$/ }, () => ({ path: sqlite, external: true })) }],
  });
  return outFile;
}
