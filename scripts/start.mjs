// npm start: the desktop app where the Electron binary is present, otherwise the same kiosk in a browser
// (chipid serve --open: the one-time launch URL opens in the desktop's browser, or is printed). With no PC/SC
// reader attached, the built-in virtual cards (demo mode) are added.
//
// The child never outlives us: SIGINT, SIGTERM and SIGHUP are passed on (SIGKILL after 5 s), and since
// `npm start` runs us under `sh -c`, which dies on SIGTERM without passing it on, we also watch our parent:
// when it is gone we stop the child. The child is told our pid (CHIPID_PARENT_PID) and stops by itself if
// we are killed outright.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

if (!existsSync('dist/cli.mjs') || !existsSync('dist/renderer/index.html')) {
  console.error('Not built yet: run `npm run setup` (or `npm run build`) first.');
  process.exit(2);
}
const extra = process.argv.slice(2).filter((a) => a !== '--demo');
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
  : [process.execPath, ['bin/chipid.mjs', 'serve', '--open', ...(demo ? ['--demo'] : []), ...extra]];
if (!electronBin) console.log('The Electron binary is not installed (npm run electron:fetch); running the kiosk in the browser instead.');
const child = spawn(args[0], args[1], { stdio: 'inherit', env: { ...process.env, CHIPID_PARENT_PID: String(process.pid) } });

let stopping = false;
function stop(sig) {
  if (stopping || child.exitCode !== null) return;
  stopping = true;
  child.kill(sig);
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500);
watch.unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
