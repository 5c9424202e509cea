// Writes electron/contract/chipid-api.schema.json from the method table (scripts/contract-schema.ts):
//   node scripts/gen-contract-schema.mjs          (writes the file)
//   node scripts/gen-contract-schema.mjs --check  (exit 1 when the committed file differs)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'electron/contract/chipid-api.schema.json');
// Bundled inside the repository so that its packages resolve from node_modules.
const dir = join(root, 'dist', `gen-schema-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  const out = join(dir, 'contract-schema.mjs');
  await build({ entryPoints: [join(root, 'scripts/contract-schema.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, packages: 'external', logLevel: 'warning' });
  const { contractSchemaText } = await import(pathToFileURL(out).href);
  const text = contractSchemaText();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('electron/contract/chipid-api.schema.json is not what the method table says: run node scripts/gen-contract-schema.mjs');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
