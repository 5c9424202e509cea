// npm start: the desktop app where the Electron binary is present, otherwise the same kiosk in a browser
// (chipid serve). With no PC/SC reader attached, the built-in virtual cards (demo mode) are added.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

if (!existsSync('dist/cli.mjs') || !existsSync('dist/renderer/index.html')) {
  console.error('Not built yet: run `npm run setup` (or `npm run build`) first.');
  process.exit(2);
}
const readers = spawnSync(process.execPath, ['bin/chipid.mjs', 'readers', '--json'], { encoding: 'utf8', timeout: 15_000 });
let count = 0;
try {
  count = JSON.parse(readers.stdout).readers.length;
} catch {
  count = 0; // PC/SC unavailable: no reader
}
const demo = count === 0 || process.argv.includes('--demo');
if (demo) console.log('No card reader found: starting with the built-in virtual cards (demo mode, "thẻ mẫu").');

let electronBin;
try {
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  if (existsSync(join(dir, 'path.txt'))) electronBin = createRequire(import.meta.url)('electron');
} catch {
  electronBin = undefined;
}
const args = electronBin
  ? [electronBin, ['dist/electron/main.mjs', ...(demo ? ['--demo'] : [])]]
  : [process.execPath, ['bin/chipid.mjs', 'serve', ...(demo ? ['--demo'] : [])]];
if (!electronBin) console.log('The Electron binary is not installed (npm run electron:fetch); running the kiosk in the browser instead.');
const child = spawn(args[0], args[1], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
