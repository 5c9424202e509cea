// Builds the Node-side bundles (CLI and service) with esbuild. Packages stay external, so native
// modules (pcsclite, better-sqlite3-multiple-ciphers) load from node_modules as usual. The renderer is built by Vite.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

// bhyt-fake: the insurance gateway fake for demo mode (`node dist/bhyt-fake.mjs --port 7790`).
const entries = { cli: 'electron/cli/main.ts', 'bhyt-fake': 'electron/devkit/bhyt-fake-main.ts' };

const started = Date.now();
await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
console.log(`built ${Object.keys(entries).join(', ')} in ${Date.now() - started} ms`);
