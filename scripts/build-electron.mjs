// Bundles the Electron side with esbuild: the main process (ESM, electron and packages external, so native
// modules load from node_modules rebuilt for Electron) and the preload (CommonJS: sandboxed preloads cannot
// be ES modules; only `electron` external). Output: dist/electron/{main.mjs,preload.cjs}. The renderer is
// built by Vite into dist/renderer, which main.mjs serves to the window as app://kiosk/ (app-protocol.ts).
import { build } from 'esbuild';

const started = Date.now();
await Promise.all([
  build({
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  build({
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'chrome130',
    format: 'cjs',
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
  }),
]);
console.log(`built dist/electron/main.mjs, dist/electron/preload.cjs in ${Date.now() - started} ms`);
