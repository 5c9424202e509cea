// Fetches the Electron binary as a separate, tolerant step. `npm install` never needs it (its install
// script is denied in package.json's allowScripts), so machines without access to GitHub still install.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let dir;
try {
  dir = dirname(require.resolve('electron/package.json'));
} catch {
  console.warn('electron:fetch: electron is not installed (npm install first).');
  process.exit(0);
}
if (existsSync(join(dir, 'path.txt'))) {
  console.log('electron:fetch: the Electron binary is already present.');
  process.exit(0);
}
const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit', timeout: 300_000 });
if (r.status === 0 && existsSync(join(dir, 'path.txt'))) console.log('electron:fetch: Electron binary installed.');
else console.warn('electron:fetch: could not download the Electron binary (no access to its download host?). The desktop shell is unavailable on this machine; `npm run serve` runs the kiosk in a browser instead.');
process.exit(0);
