// npm run demo:pcsc — reads the virtual CCCD through the real PC/SC stack in one command:
// pcscd (started here, and stopped again, if none is running) → the vpcd reader driver → `chipid sim` as
// the card → `chipid read`. Development machines only: vpcd listens on all interfaces; never on a kiosk.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const VPCD = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const started = [];
const stopAll = () => {
  for (const p of started.reverse()) if (p.exitCode === null) p.kill('SIGTERM');
};
process.on('exit', stopAll);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chipid = (args, opts = {}) => spawnSync(process.execPath, ['bin/chipid.mjs', ...args], { encoding: 'utf8', ...opts });

if (!existsSync('dist/cli.mjs')) {
  console.error('Not built yet: run `npm run setup` first.');
  process.exit(2);
}
if (!existsSync(VPCD)) {
  console.error('The vpcd reader driver is missing: sudo apt-get install vsmartcard-vpcd pcscd (then run this again).');
  process.exit(2);
}
let readers = JSON.parse(chipid(['readers', '--json']).stdout || '{"readers":[]}').readers ?? [];
if (!readers.some((r) => /Virtual PCD/.test(r.name))) {
  if (spawnSync('pgrep', ['-x', 'pcscd']).status === 0) {
    console.error('pcscd is running but has no vpcd reader: restart it after installing vsmartcard-vpcd (sudo systemctl restart pcscd).');
    process.exit(2);
  }
  if (process.getuid?.() !== 0) {
    console.error('pcscd is not running: start it (sudo systemctl start pcscd) or run this as root, and try again.');
    process.exit(2);
  }
  console.log('Starting pcscd for this demo (stopped again at the end)…');
  started.push(spawn('pcscd', ['-f'], { stdio: 'ignore' }));
  for (let i = 0; i < 50 && !readers.some((r) => /Virtual PCD/.test(r.name)); i++) {
    await sleep(200);
    readers = JSON.parse(chipid(['readers', '--json']).stdout || '{"readers":[]}').readers ?? [];
  }
}
console.log('Placing the virtual CCCD on the vpcd reader (chipid sim)…');
const sim = spawn(process.execPath, ['bin/chipid.mjs', 'sim', '--profile', 'cccd-2021'], { stdio: ['ignore', 'ignore', 'inherit'] });
started.push(sim);
await sleep(1500);
// The virtual card is signed by the TEST CSCA: trust it for this read only (--trust), never in the store.
const csca = `${process.env.TMPDIR ?? '/tmp'}/chipid-demo-test-csca.der`;
chipid(['sim', '--csca-out', csca, '--profile', 'none']);
const read = chipid(['read', '--id', '001099012345', '--trust', csca, '--wait', '20'], { stdio: 'inherit' });
stopAll();
process.exit(read.status ?? 1);
