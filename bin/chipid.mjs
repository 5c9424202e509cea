#!/usr/bin/env node
// The `chipid` command. Runs the built CLI bundle (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('chipid: not built yet. Run `npm run setup` (or `npm run build`) in the repository first.');
  process.exit(2);
}
// A closed pipe (`chipid … | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
