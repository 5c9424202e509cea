/**
 * The kiosk service end to end through the real PC/SC stack: two readers with two virtual cards read at the
 * same time; a card lifted mid-DG2 and tapped again resumes without re-reading finished data groups (checked
 * on the card's own read log); a different card on re-tap starts a new session (never mixes two cards).
 *
 * And its processes, without PC/SC: `npm start` killed with SIGTERM or SIGINT takes its server down;
 * `chipid open` hands a new launch URL to the user running the service and to nobody else; `chipid admin
 * set-pin` reads the PIN from stdin only; every sub-command's --help prints its usage; scripts/setup.sh uses
 * sudo only when not root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { harnessUnavailableReason, startHarness, CHIPID_BIN, type CardHost, type PcscHarness } from './harness.js';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import { importTrustFile, loadTrust } from '../../electron/service/trust.js';
import type { ReadResultView, ServiceEvent } from '../../electron/contract/types.js';
import { PERSON_A, PERSON_B } from '../../electron/vcard/person.js';
import { REPO_DIR } from '../helpers/shared.js';

const reason = harnessUnavailableReason();
/** A read's result travels once: in its reader's session event, state result. */
const isResult = (e: ServiceEvent, readerId: string): boolean => e.type === 'session' && e.readerId === readerId && e.session.state === 'result';
const resultOf = (e: ServiceEvent): ReadResultView => {
  if (e.type !== 'session' || e.session.state !== 'result') throw new Error(`not a result: ${e.type}`);
  return e.session.result;
};
if (reason) console.warn(`[e2e service] skipped: ${reason}`);

describe.skipIf(reason !== undefined)('kiosk service through pcscd + vpcd', () => {
  let h: PcscHarness;
  let home: string;
  let svc: KioskService;
  const events: ServiceEvent[] = [];

  const waitEvent = (pred: (e: ServiceEvent) => boolean, ms = 20_000, from = 0): Promise<ServiceEvent> =>
    new Promise((resolve, reject) => {
      const seen = events.slice(from).find(pred);
      if (seen) return resolve(seen);
      const t = setTimeout(() => (off(), reject(new Error('event not seen in time'))), ms);
      const off = svc.subscribe((e) => {
        if (pred(e)) {
          clearTimeout(t);
          off();
          resolve(e);
        }
      });
    });
  const readerOf = async (slot: number): Promise<string> => {
    for (let i = 0; i < 100; i++) {
      const r = (await svc.listReaders()).find((x) => x.kind === 'pcsc' && h.isReaderOfSlot(slot, x.name));
      if (r?.cardPresent) return r.id;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`no card in slot ${slot}`);
  };

  beforeAll(async () => {
    if (!existsSync(`${REPO_DIR}dist/cli.mjs`)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    h = await startHarness({ lines: 1 });
    home = mkdtempSync(join(tmpdir(), 'chipid-svc-'));
    // Trust the virtual cards' TEST CSCA as an operator would import a CSCA certificate.
    const csca = join(home, 'test-csca.der');
    try {
      execFileSync(process.execPath, [CHIPID_BIN, 'sim', '--csca-out', csca, '--profile', 'none'], { stdio: 'ignore' });
    } catch {
      /* sim stops on the unknown profile after writing the certificate */
    }
    const trustDir = join(home, 'trust');
    importTrustFile(trustDir, loadTrust(trustDir), undefined, csca);
    svc = await createKioskService({ dataDir: home, strategy: 'adaptive', resultTimeoutMs: 0, timeoutMs: 3000 });
    svc.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await svc?.close();
    await h?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('two readers, two cards, read at the same time → two verified results', async () => {
    const a = await h.startSim({ slot: 0, profile: 'cccd-2021' });
    const b = await h.startSim({ slot: 1, profile: 'cccd-2024' });
    try {
      const ra = await readerOf(0);
      const rb = await readerOf(1);
      const from = events.length;
      await Promise.all([svc.startRead(ra, { id: PERSON_A.idNumber }), svc.startRead(rb, { id: PERSON_B.idNumber })]);
      const [ea, eb] = await Promise.all([
        waitEvent((e) => isResult(e, ra), 30_000, from),
        waitEvent((e) => isResult(e, rb), 30_000, from),
      ]);
      const resA = resultOf(ea);
      const resB = resultOf(eb);
      expect(resA.identity.idNumber).toBe(PERSON_A.idNumber);
      expect(resB.identity.idNumber).toBe(PERSON_B.idNumber);
      expect(resA.verdict).toBe('verified');
      expect(resB.verdict).toBe('verified');
      // both reads overlapped: each reader reported progress before the other finished
      const progressA = events.slice(from).findIndex((e) => e.type === 'session' && e.readerId === ra && e.session.state === 'reading' && e.session.progress.step !== 'connect');
      const doneB = events.slice(from).findIndex((e) => isResult(e, rb));
      expect(progressA).toBeLessThan(doneB);
      // recorded for audit without personal data: last 4 digits only
      const { listEvents } = await import('../../electron/service/storage/index.js');
      const stored = listEvents(svc.storage.read, {});
      expect(stored.map((s) => s.idLast4).sort()).toEqual([PERSON_A.idNumber.slice(-4), PERSON_B.idNumber.slice(-4)].sort());
      expect(JSON.stringify(stored)).not.toContain(PERSON_A.idNumber);
    } finally {
      await a.exit();
      await b.exit();
    }
  });

  const readsOf = (host: CardHost, from: number, fid: string) => host.events.slice(from).filter((e) => e.event === 'read' && e.fid === fid && e.sw === '9000');

  it('card lifted mid-DG2 and tapped again → resumes; finished data groups are not read again', async () => {
    const sim = await h.startSim({ slot: 0, profile: 'cccd-2021', removeAt: '0102:3000', logReads: true });
    try {
      const r = await readerOf(0);
      const from = events.length;
      await svc.startRead(r, { id: PERSON_A.idNumber });
      const err = await waitEvent((e) => e.type === 'session' && e.readerId === r && e.session.state === 'error', 30_000, from);
      expect((err as { session: { resumable: boolean } }).session.resumable).toBe(true);
      const mark = sim.events.length;
      await sim.waitFor('inserted', 15_000);
      const res = await waitEvent((e) => isResult(e, r), 30_000, from);
      expect(resultOf(res).verdict).toBe('verified');
      // After the re-tap: DG1, DG14 were not read again; DG2 continued from where it stopped; EF.SOD was
      // read again to prove it is the same chip.
      const before = sim.events.slice(0, mark);
      expect(before.some((e) => e.event === 'read' && e.fid === '0101')).toBe(true);
      expect(readsOf(sim, mark, '0101')).toHaveLength(0);
      expect(readsOf(sim, mark, '010e')).toHaveLength(0);
      expect(readsOf(sim, mark, '011d').length).toBeGreaterThan(0);
      const dg2After = readsOf(sim, mark, '0102');
      expect(dg2After.length).toBeGreaterThan(0);
      expect(Number(dg2After[0]!.offset)).toBeGreaterThanOrEqual(3000);
    } finally {
      await sim.exit();
    }
  });

  it('a different card on re-tap → a new session, the two cards are never mixed', { timeout: 60_000 }, async () => {
    const sim = await h.startSim({ slot: 0, profile: 'cccd-2021', removeAt: '0102:3000' });
    try {
      const r = await readerOf(0);
      const from = events.length;
      await svc.startRead(r, { id: PERSON_A.idNumber });
      await sim.waitFor('removed', 30_000);
      await sim.command({ cmd: 'swap', profile: 'cccd-2024' }, 'swapped');
      const fresh = await waitEvent((e) => e.type === 'session' && e.readerId === r && e.session.state === 'key_needed', 30_000, from);
      expect(fresh).toBeDefined();
      expect(events.slice(from).some((e) => isResult(e, r))).toBe(false);
      // the new card is read with its own key
      const from2 = events.length;
      await svc.startRead(r, { id: PERSON_B.idNumber });
      const res = await waitEvent((e) => isResult(e, r), 30_000, from2);
      expect(resultOf(res).identity.idNumber).toBe(PERSON_B.idNumber);
    } finally {
      await sim.exit();
    }
  });

  it('a card that stops answering → TIMEOUT, the reader reports a fault, the service keeps serving', { timeout: 60_000 }, async () => {
    const sim = await h.startSim({ slot: 0, profile: 'cccd-2021', stallAt: '0102:3000' });
    const other = await h.startSim({ slot: 1, profile: 'cccd-2024' });
    try {
      const r = await readerOf(0);
      const r2 = await readerOf(1);
      const from = events.length;
      await svc.startRead(r, { id: PERSON_A.idNumber });
      const err = await waitEvent((e) => e.type === 'session' && e.readerId === r && e.session.state === 'error', 30_000, from);
      expect((err as { session: { error: { code: string } } }).session.error.code).toBe('TIMEOUT');
      const reader = (await svc.listReaders()).find((x) => x.id === r)!;
      expect(reader.fault?.code).toBe('TIMEOUT');
      expect(reader.fault?.messageVi).toMatch(/thẻ/i);
      // the other reader still reads
      const from2 = events.length;
      await svc.startRead(r2, { id: PERSON_B.idNumber });
      const res = await waitEvent((e) => isResult(e, r2), 30_000, from2);
      expect(resultOf(res).verdict).toBe('verified');
    } finally {
      await sim.exit();
      await other.exit();
    }
  });
});

// ---- processes and set-up (no PC/SC needed) ----

const CLI = join(REPO_DIR, 'bin/chipid.mjs');
const run = (args: string[], env: NodeJS.ProcessEnv, input?: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', input: input ?? '', timeout: 60_000 });

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
async function untilClosed(port: number): Promise<void> {
  // Bounded by the test timeout: a server that outlives `npm start` keeps the port open and fails the test.
  while (await portOpen(port)) await new Promise((r) => setTimeout(r, 200));
}
function get(url: string): Promise<{ status: number; cookie?: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      res.resume();
      const set = res.headers['set-cookie'];
      resolve({ status: res.statusCode ?? 0, ...(set ? { cookie: set[0]!.split(';')[0]! } : {}) });
    })
      .on('error', reject)
      .end();
  });
}
/** Spawns `cmd`, resolves with the child and the service's port once the launch URL is printed. */
function startAndWait(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ReturnType<typeof spawn>; port: number; launch: string }> {
  const child = spawn(cmd, args, { cwd: REPO_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/launch\?k=[A-Za-z0-9_-]+)/.exec(out);
      if (m) resolve({ child, port: Number(m[2]), launch: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before listening:\n${out}`)));
  });
}

describe('processes and set-up', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'chipid-proc-'));
    chmodSync(home, 0o700);
    if (!existsSync(join(REPO_DIR, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    if (!existsSync(join(REPO_DIR, 'dist/renderer/index.html'))) {
      execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: REPO_DIR, env: { ...process.env, NODE_ENV: 'production' } });
    }
  }, 180_000);
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('`npm start` killed with %s takes its server down', async (sig) => {
    const { child, port } = await startAndWait('npm', ['start', '--', '--port', '0'], { CHIPID_HOME: join(home, `start-${sig}`), DISPLAY: '', WAYLAND_DISPLAY: '' });
    expect(await portOpen(port)).toBe(true);
    // The signal goes to npm alone (as `kill PID` or a service manager would send it), not to the group.
    child.kill(sig);
    await untilClosed(port);
    expect(await portOpen(port)).toBe(false);
  }, 90_000);

  it('`chipid open` gives the service’s user a new working launch URL; another OS user cannot reach the control socket', async () => {
    const env = { CHIPID_HOME: join(home, 'open'), DISPLAY: '', WAYLAND_DISPLAY: '' };
    const { child, port } = await startAndWait(process.execPath, [CLI, 'serve', '--demo', '--no-pcsc', '--port', '0'], env);
    try {
      const r = run(['open', '--print'], env);
      expect(r.status, r.stderr).toBe(0);
      const url = /http:\/\/127\.0\.0\.1:\d+\/launch\?k=[A-Za-z0-9_-]+/.exec(r.stdout)?.[0];
      expect(url).toContain(`:${port}/`);
      const first = await get(url!);
      expect(first.status).toBe(303);
      expect(first.cookie).toMatch(/^chipid_ui_\d+=/);
      expect((await get(url!)).status).toBe(403); // once only
      const runDir = join(env.CHIPID_HOME, 'run');
      expect(statSync(runDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(runDir, 'control.sock')).mode & 0o777).toBe(0o600);
      // Another OS user (nobody) is refused at the folder; setpriv exists on Debian (util-linux).
      if (process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')) {
        const other = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e',
          `require('node:net').connect(${JSON.stringify(join(runDir, 'control.sock'))}).on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',(e)=>{console.log(e.code);process.exit(0)})`], { encoding: 'utf8', timeout: 20_000 });
        expect(other.stdout.trim()).toBe('EACCES');
      } else console.log('[processes] other-user check skipped: needs root and /usr/bin/setpriv');
    } finally {
      child.kill('SIGTERM');
      await untilClosed(port);
    }
    // No server: chipid open says so (VN/EN), exit 1.
    const none = run(['open', '--print'], env);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no running chipid serve/);
  }, 90_000);

  it('`chipid admin set-pin`: from stdin, once; --replace to reset; never from argv; weak PINs refused', () => {
    const env = { CHIPID_HOME: join(home, 'pin') };
    expect(run(['admin', 'set-pin', '482913'], env).status).toBe(2);
    const weak = run(['admin', 'set-pin'], env, '123456\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('ADMIN_PIN_WEAK');
    const first = run(['admin', 'set-pin', '--json'], env, '482913\n');
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ pin: 'set' });
    const again = run(['admin', 'set-pin'], env, '305817\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('ADMIN_PIN_ALREADY_SET');
    expect(JSON.parse(run(['admin', 'set-pin', '--replace', '--json'], env, '305817\n').stdout)).toEqual({ pin: 'replaced' });
  });

  it.each(['readers', 'read', 'sim', 'bench', 'trust', 'verify-sod', 'verify', 'serve', 'open', 'admin', 'audit', 'events', 'clients'])(
    '`chipid %s --help` prints its usage (exit 0), not an error',
    (cmd) => {
      const r = run([cmd, '--help'], { CHIPID_HOME: join(home, 'help') });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.startsWith('Usage:')).toBe(true);
      expect(r.stdout).toContain(`chipid ${cmd}`);
      expect(r.stderr).toBe('');
    },
  );

  it('scripts/setup.sh: no sudo as root; sudo when not root; a clear message when neither', () => {
    const script = join(REPO_DIR, 'scripts/setup.sh');
    const asRoot = spawnSync('sh', [script, '--dry-run'], { encoding: 'utf8' });
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) {
      console.log('[processes] setup.sh user switch skipped: needs root and /usr/bin/setpriv');
      return;
    }
    expect(asRoot.status, asRoot.stderr).toBe(0);
    expect(asRoot.stdout).toMatch(/^apt-get update$/m);
    expect(asRoot.stdout).not.toContain('sudo');
    // As nobody with a sudo on PATH (dry run: it is only looked up, never run).
    const bin = join(home, 'fakebin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'sudo'), '#!/bin/sh\nexit 99\n', { mode: 0o755 });
    chmodSync(home, 0o755);
    const asUser = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', script, '--dry-run'], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    expect(asUser.stdout).toMatch(/^sudo apt-get update$/m);
    expect(asUser.stdout).toMatch(/^sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y pcscd libpcsclite-dev$/m);
    const noSudo = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', script, '--dry-run'], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
    chmodSync(home, 0o700);
    if (!existsSync('/usr/bin/sudo')) {
      expect(noSudo.status).toBe(1);
      expect(noSudo.stderr).toMatch(/needs root/);
      expect(noSudo.stderr).toMatch(/quyền root/);
    }
  });
});
