/**
 * The owner-only control channel of a running `chipid serve`: a Unix socket in `<data dir>/run/` (folder
 * 0700, socket 0600, both checked to be ours), so that `chipid open` can get a NEW launch URL for the kiosk
 * UI (browser restarted, a second screen). Another OS user cannot traverse the folder, so cannot connect;
 * nothing about it is on the command line or in the log.
 *
 * The launch URL is also written, for the opener, into a short-lived owner-only HTML file that redirects to
 * it: a browser started with a file path never shows the secret in the process list (argv is readable by
 * every user on Linux), and the file is removed after a minute.
 *
 * Protocol: the client sends `launch\n`; the server answers one JSON line `{"url","file"}` and closes.
 * Not on Windows (named pipes have other rules): there, restart `chipid serve` to get a new URL.
 */
import { createServer, connect, type Server } from 'node:net';
import { chmodSync, lstatSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ChipIdError } from '../../emrtd/errors.js';
import { StorageError } from '../storage/errors.js';

export const CONTROL_DIR = 'run';
export const CONTROL_SOCKET = 'control.sock';
const LAUNCH_FILE_TTL_MS = 60_000;

export interface ControlHandle {
  close(): void;
}

/** The run folder, created owner-only; refuses one that is a symlink, not ours, or open to others. */
export function ownerOnlyRunDir(dataDir: string): string {
  const dir = join(dataDir, CONTROL_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) throw new StorageError('STORAGE_ERROR', `${dir} is not a folder of this user`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/** Writes an owner-only page that sends the browser on to `url`; removed after a minute. */
export function writeLaunchFile(dataDir: string, url: string): string {
  const file = join(ownerOnlyRunDir(dataDir), `open-${randomBytes(8).toString('hex')}.html`);
  const safe = url.replace(/[^A-Za-z0-9:/?=._~-]/g, '');
  writeFileSync(
    file,
    `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${safe}"><title>ChipID Kiosk</title></head>` +
      `<body><p><a href="${safe}">Mở kiosk ChipID / Open the ChipID kiosk</a></p></body></html>\n`,
    { mode: 0o600 },
  );
  setTimeout(() => rmSync(file, { force: true }), LAUNCH_FILE_TTL_MS).unref();
  return file;
}

function alive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Listens on the control socket. Returns undefined (nothing to do) on Windows, or when another running
 * server already owns the socket of this data directory.
 */
export async function startControl(dataDir: string, launchUrl: () => string): Promise<ControlHandle | undefined> {
  if (process.platform === 'win32') return undefined;
  const path = join(ownerOnlyRunDir(dataDir), CONTROL_SOCKET);
  try {
    if (lstatSync(path).isSocket() && (await alive(path))) return undefined;
    unlinkSync(path);
  } catch {
    /* no stale socket */
  }
  const server: Server = createServer((sock) => {
    sock.setTimeout(2000, () => sock.destroy());
    sock.on('error', () => undefined);
    let input = '';
    sock.on('data', (d: Buffer) => {
      input += d.toString('utf8');
      if (input.length > 64) return void sock.destroy();
      if (!input.includes('\n')) return;
      if (input.trim() !== 'launch') return void sock.end('{"error":"unknown request"}\n');
      const url = launchUrl();
      sock.end(JSON.stringify({ url, file: writeLaunchFile(dataDir, url) }) + '\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  server.unref();
  return {
    close() {
      server.close();
      rmSync(path, { force: true });
    },
  };
}

/** `chipid open`: a new launch URL (and its redirect file) from the server running on this data directory. */
export function requestLaunch(dataDir: string): Promise<{ url: string; file: string }> {
  if (process.platform === 'win32') return Promise.reject(new ChipIdError('UNSUPPORTED', 'chipid open is not available on Windows: restart chipid serve'));
  const path = join(dataDir, CONTROL_DIR, CONTROL_SOCKET);
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let out = '';
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    s.once('connect', () => s.write('launch\n'));
    s.on('data', (d: Buffer) => (out += d.toString('utf8')));
    s.once('error', (e) => reject(new ChipIdError('UNSUPPORTED', `no running chipid serve for this data directory (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
    s.once('end', () => {
      try {
        const j = JSON.parse(out) as { url?: unknown; file?: unknown };
        if (typeof j.url === 'string' && typeof j.file === 'string') return resolve({ url: j.url, file: j.file });
      } catch {
        /* below */
      }
      reject(new ChipIdError('INTERNAL', 'the running server gave no launch URL'));
    });
  });
}
