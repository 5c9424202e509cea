/**
 * E2E harness: a private pcscd with vpcd readers, and virtual cards served by separate card-host processes.
 *
 * Isolation (pcsc-lite 1.9.9 facts):
 * - pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME and always binds /run/pcscd/pcscd.comm; only the client library reads
 *   the variable (once per process). So pcscd runs in its own mount namespace with a private temp dir
 *   bind-mounted on /run/pcscd, and the test process points PCSCLITE_CSOCK_NAME at <tmp>/run/pcscd.comm.
 *   One harness per test process (vitest runs each file in its own fork).
 * - `pcscd -c DIR` reads a private reader.conf.d; each vpcd line gives 2 slots listening on CHANNELID and +1.
 * - pcscd and the card hosts run in a private network namespace (own port space, so every harness can use 35963),
 *   where both local routes get `quickack 1`: vpcd writes length and payload separately (Nagle), which costs one
 *   delayed ACK (~40 ms) per APDU without it. The test process talks to pcscd over the unix socket.
 * Needs root (netns, mount). Without a namespace it falls back to unshare --mount and random ports (slower).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect as netConnect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
export const TEST_APPLET_MODULE = join(HERE, 'fixtures/test-applet.ts');

export interface HarnessOptions {
  /** vpcd reader.conf lines; each gives 2 readers (slots). Default 1. */
  lines?: number;
  /** Apply the quickack routes (default true). */
  quickack?: boolean;
  /** pcscd -a (logs APDU data to the harness's private log: test data only). */
  apduLog?: boolean;
}

export interface CardHostArgs {
  slot?: number;
  /** Module exporting the applet (.ts is bundled with esbuild). Default: the test applet. */
  module?: string;
  exportName?: string;
  args?: string[];
  delayMs?: number;
  dropOnIns?: number;
  stallOnIns?: number;
}

export interface SimArgs {
  slot?: number;
  profile?: string;
  /** FID:BYTES — the card is lifted after serving BYTES of file FID. */
  removeAt?: string;
  person?: string;
  latency?: boolean;
  /** Emit a {"event":"read", fid, offset, length} line for every file read the card serves. */
  logReads?: boolean;
  /** FID:BYTES — the card stops answering after serving BYTES of file FID. */
  stallAt?: string;
}

/** The built chipid CLI (npm run build). */
export const CHIPID_BIN = resolve(HERE, '../../bin/chipid.mjs');

export interface CardHostEvent {
  event: string;
  [k: string]: unknown;
}

export interface CardHost {
  readonly pid: number;
  readonly events: CardHostEvent[];
  waitFor(event: string, timeoutMs?: number): Promise<CardHostEvent>;
  remove(): Promise<void>;
  insert(): Promise<void>;
  exit(): Promise<void>;
  /** Sends a raw control command (e.g. { cmd: 'swap', profile }) and waits for `until` if given. */
  command(cmd: Record<string, unknown>, until?: string): Promise<CardHostEvent | undefined>;
}

export interface PcscHarness {
  readonly socketPath: string;
  readonly netns: string | undefined;
  readonly note: string | undefined;
  readonly slots: number;
  readonly logFile: string;
  portFor(slot: number): number;
  /** True when `name` is the PC/SC reader of `slot`. */
  isReaderOfSlot(slot: number, name: string): boolean;
  startCardHost(args?: CardHostArgs): Promise<CardHost>;
  /** The virtual CCCD (`chipid sim --control`); needs `npm run build` first. */
  startSim(args?: SimArgs): Promise<CardHost>;
  setQuickack(on: boolean): void;
  killPcscd(signal?: NodeJS.Signals): Promise<void>;
  startPcscd(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString() };
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return { ok: false, out: err.stderr?.toString() || err.message };
  }
}

/** Why the harness cannot run here, or undefined when it can. */
export function harnessUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'pcscd/vpcd e2e tests need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root (network namespace, bind mount)';
  if (!run('pcscd', ['--version']).ok) return 'pcscd not installed (apt-get install pcscd)';
  if (!existsSync(VPCD_DRIVER)) return `vpcd driver missing at ${VPCD_DRIVER} (apt-get install vsmartcard-vpcd)`;
  if (!run('unshare', ['--version']).ok) return 'unshare missing (util-linux)';
  return undefined;
}

const FRIENDLY = (line: number): string => `ChipID VPCD L${line}`;

export async function startHarness(opts: HarnessOptions = {}): Promise<PcscHarness> {
  const lines = opts.lines ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'chipid-pcsc-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'conf');
  mkdirSync(runDir);
  mkdirSync(confDir);
  const logFile = join(dir, 'pcscd.log');
  const socketPath = join(runDir, 'pcscd.comm');
  const children = new Set<ChildProcess>();
  let pcscd: ChildProcess | undefined;
  let stopped = false;

  // Network namespace (own port space); fall back to the host's with random ports.
  const nsName = `chipid-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let netns: string | undefined;
  let note: string | undefined;
  const added = run('ip', ['netns', 'add', nsName]);
  if (added.ok && run('ip', ['netns', 'exec', nsName, 'ip', 'link', 'set', 'lo', 'up']).ok) netns = nsName;
  else {
    if (added.ok) run('ip', ['netns', 'del', nsName]);
    note = `no network namespace (${added.out.trim()}): running in the host namespace, ~44 ms per APDU without quickack`;
    console.warn(`[pcsc harness] ${note}`);
  }
  const basePort = netns ? 35963 : 36000 + Math.floor(Math.random() * 20000) * 2;
  const inNs = (argv: string[]): string[] => (netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv);

  const setQuickack = (on: boolean): void => {
    if (!netns) return; // never touch the host's routes
    for (const dst of ['127.0.0.1', '127.0.0.0/8']) {
      const r = run('ip', ['netns', 'exec', netns, 'ip', 'route', 'replace', 'local', dst, 'dev', 'lo', 'proto', 'kernel',
        'scope', 'host', 'src', '127.0.0.1', 'table', 'local', ...(on ? ['quickack', '1'] : [])]);
      if (!r.ok) throw new Error(`ip route replace ${dst}: ${r.out}`);
    }
  };
  if (opts.quickack ?? true) setQuickack(true);

  let conf = '';
  for (let l = 0; l < lines; l++) {
    const port = basePort + 2 * l;
    conf += `FRIENDLYNAME "${FRIENDLY(l)}"\nDEVICENAME /dev/null:0x${port.toString(16)}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID 0x${port.toString(16)}\n\n`;
  }
  writeFileSync(join(confDir, 'vpcd'), conf);
  // Only the client library honours this; see the header comment.
  process.env['PCSCLITE_CSOCK_NAME'] = socketPath;

  const startPcscd = async (): Promise<void> => {
    rmSync(socketPath, { force: true });
    const script = `mkdir -p /run/pcscd && mount --bind "$0" /run/pcscd && exec pcscd -f ${opts.apduLog ? '-a ' : ''}-c "$1"`;
    const argv = netns ? inNs(['sh', '-c', script, runDir, confDir]) : ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, runDir, confDir];
    const fd = openSync(logFile, 'a');
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    pcscd = child;
    children.add(child);
    child.on('exit', () => children.delete(child));
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}; see ${logFile}`);
      if (existsSync(socketPath) && (await canConnect(socketPath))) return;
      await sleep(50);
    }
    throw new Error(`pcscd did not come up within 10 s; see ${logFile}`);
  };

  const killPcscd = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const c = pcscd;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await exited;
  };

  let bundled: string | undefined;
  const appletBundles = new Map<string, string>();
  const bundle = async (entry: string, out: string): Promise<void> => {
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
  };

  const startCardHost = async (a: CardHostArgs = {}): Promise<CardHost> => {
    const slot = a.slot ?? 0;
    if (!bundled) {
      bundled = join(dir, 'card-host.mjs');
      await bundle(join(HERE, 'fixtures/card-host.ts'), bundled);
    }
    let mod = resolve(a.module ?? TEST_APPLET_MODULE);
    if (/\.(ts|tsx|mts)$/.test(mod)) {
      let out = appletBundles.get(mod);
      if (!out) {
        out = join(dir, `applet-${appletBundles.size}.mjs`);
        await bundle(mod, out);
        appletBundles.set(mod, out);
      }
      mod = out;
    }
    const hostArgs = ['--module', mod, '--export', a.exportName ?? 'createTestApplet', '--port', String(basePort + slot)];
    for (const x of a.args ?? []) hostArgs.push('--arg', x);
    if (a.delayMs) hostArgs.push('--delay-ms', String(a.delayMs));
    if (a.dropOnIns !== undefined) hostArgs.push('--drop-on-ins', a.dropOnIns.toString(16));
    if (a.stallOnIns !== undefined) hostArgs.push('--stall-on-ins', a.stallOnIns.toString(16));
    return spawnHost(inNs([process.execPath, bundled, ...hostArgs]), slot, 'inserted');
  };

  /** Runs `chipid sim --control` (the virtual CCCD) in the namespace, attached to vpcd slot `slot`. */
  const startSim = async (a: SimArgs = {}): Promise<CardHost> => {
    const slot = a.slot ?? 0;
    const simArgs = ['sim', '--control', '--vpcd', `127.0.0.1:${basePort + slot}`, '--profile', a.profile ?? 'cccd-2021'];
    if (a.removeAt) simArgs.push('--remove-at', a.removeAt);
    if (a.person) simArgs.push('--person', a.person);
    if (a.latency) simArgs.push('--latency');
    if (a.logReads) simArgs.push('--log-reads');
    if (a.stallAt) simArgs.push('--stall-at', a.stallAt);
    return spawnHost(inNs([process.execPath, CHIPID_BIN, ...simArgs]), slot, 'inserted-ack');
  };

  const spawnHost = async (argv: string[], slot: number, insertedEvent: string): Promise<CardHost> => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    child.stderr?.on('data', (d: Buffer) => writeFileSync(join(dir, `card-host-${slot}.log`), d, { flag: 'a' }));
    const events: CardHostEvent[] = [];
    const waiters: { event: string; after: number; res: (e: CardHostEvent) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let ev: CardHostEvent;
      try {
        ev = JSON.parse(line) as CardHostEvent;
      } catch {
        return;
      }
      events.push(ev);
      for (const w of [...waiters]) {
        if (w.event === ev.event && events.length > w.after) {
          waiters.splice(waiters.indexOf(w), 1);
          w.res(ev);
        }
      }
    });
    const waitFor = (event: string, timeoutMs = 10_000, from = 0): Promise<CardHostEvent> => {
      const seen = events.slice(from).find((e) => e.event === event);
      if (seen) return Promise.resolve(seen);
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error(`card host (slot ${slot}): no "${event}" within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ event, after: from, res: (e) => (clearTimeout(t), res(e)) });
      });
    };
    const send = (cmd: string): void => void child.stdin?.write(JSON.stringify({ cmd }) + '\n');
    await waitFor('ready');
    return {
      pid: child.pid!,
      events,
      waitFor: (ev, ms) => waitFor(ev, ms),
      remove: async () => {
        const from = events.length;
        send('remove');
        await waitFor('removed', 10_000, from);
      },
      insert: async () => {
        const from = events.length;
        send('insert');
        await waitFor(insertedEvent, 10_000, from);
      },
      command: async (cmd, until) => {
        const from = events.length;
        child.stdin?.write(JSON.stringify(cmd) + '\n');
        return until ? waitFor(until, 10_000, from) : undefined;
      },
      exit: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const done = new Promise<void>((r) => child.once('exit', () => r()));
        send('exit');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await done;
        clearTimeout(t);
      },
    };
  };

  const cleanupSync = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (netns) run('ip', ['netns', 'del', netns]);
    if (process.env['CHIPID_KEEP_E2E_TMP']) console.warn(`[pcsc harness] kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanupSync);

  await startPcscd();

  return {
    socketPath,
    netns,
    note,
    slots: lines * 2,
    logFile,
    portFor: (slot) => basePort + slot,
    isReaderOfSlot: (slot, name) =>
      new RegExp(`^${FRIENDLY(Math.floor(slot / 2))} [0-9A-F]{2} 0${slot % 2}$`).test(name),
    startCardHost,
    startSim,
    setQuickack,
    killPcscd,
    startPcscd,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const waits = [...children].map(
        (c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))),
      );
      for (const c of children) c.kill('SIGTERM');
      const t = setTimeout(() => {
        for (const c of children) c.kill('SIGKILL');
      }, 3000);
      await Promise.all(waits);
      clearTimeout(t);
      process.removeListener('exit', cleanupSync);
      cleanupSync();
    },
  };
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((res) => {
    const s = netConnect(path);
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
  });
}
