/**
 * Paired clients of the local agent API (a hospital HIS, a core-banking front end…): a name, a purpose,
 * the web origins allowed to use it, and the SHA-256 of a random token. The token itself is shown once at
 * pairing and never stored. One JSON file in the data directory (owner-only), written atomically; the
 * server re-reads it when it changes, so pairing and revoking from the CLI take effect at once, and
 * `watch` tells the WebSocket front (fs.watch on the folder, a 1 s poll as the safety net) so it can close
 * the sockets of a revoked or changed client without waiting for their next request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, watch as fsWatch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from './errors.js';
import { StorageError } from '../storage/errors.js';
import type { Purpose } from '../../contract/types.js';

export const CLIENTS_FILE = 'api-clients.json';
const FILE_VERSION = 1;

/** Purposes a paired client may have ('kiosk' belongs to the kiosk's own UI token). */
export const PAIRABLE_PURPOSES: readonly Purpose[] = ['hospital', 'bank', 'verify-only'];

export interface ClientRecord {
  clientId: string;
  name: string;
  purpose: Purpose;
  /** Exact web origins, e.g. 'https://his.benhvien.vn'. */
  origins: string[];
  /** A non-browser client (no Origin header) may connect with this token. */
  allowNoOrigin: boolean;
  createdAt: string;
  revokedAt?: string;
}

interface StoredClient extends ClientRecord {
  /** hex SHA-256 of the token. */
  tokenHash: string;
}

export interface PairInput {
  name: string;
  purpose: Purpose;
  origins: readonly string[];
  allowNoOrigin?: boolean;
}

export interface ClientStore {
  /** Registers a client; the token is returned only here. */
  pair(input: PairInput): { clientId: string; token: string };
  /** Every client, revoked ones included (never the token hash). */
  list(): ClientRecord[];
  /** Revokes a client; false if there is no active client with that id. */
  revoke(clientId: string): boolean;
  /** The active client holding this token, or undefined. */
  authenticate(token: string): ClientRecord | undefined;
  /** The client if it is still active (connections re-check before each request). */
  active(clientId: string): ClientRecord | undefined;
  /** Union of the origins of active clients (to refuse unknown web pages before any token). */
  knownOrigins(): ReadonlySet<string>;
  /** Calls `listener` whenever the file changed (this process or another); returns the unsubscribe function. */
  watch(listener: () => void): () => void;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** 32 random bytes, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** 'https://Host:443/' → 'https://host'; anything that is not a bare http(s) origin is refused. */
export function normaliseOrigin(origin: string): string {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    throw new ApiError('API_PAIR_INVALID', 'origin is not a URL');
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    throw new ApiError('API_PAIR_INVALID', 'origin must be scheme://host[:port] (http or https)');
  }
  return u.origin;
}

const publicRecord = (c: StoredClient): ClientRecord => {
  const { tokenHash: _h, ...rest } = c;
  return { ...rest, origins: [...rest.origins] };
};

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A change stamp of the file (mtime, size, inode), or 'absent'. */
function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'absent';
  }
}

function readClientsFile(file: string): StoredClient[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StorageError('STORAGE_ERROR', `${CLIENTS_FILE} cannot be read`, { cause: e });
  }
  const list = (parsed as { clients?: unknown }).clients;
  if (!Array.isArray(list)) throw new StorageError('STORAGE_ERROR', `${CLIENTS_FILE} has no client list`);
  return list.filter(isStoredClient);
}

/** Written to a temporary file, then renamed over the old one (owner-only). */
function writeClientsFile(file: string, clients: readonly StoredClient[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: FILE_VERSION, clients }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

interface ClientFileCache {
  /** The clients as the file holds them now (re-read only when its stamp changed). */
  clients(): StoredClient[];
  /** Union of the origins of active clients, as of the last `clients()`. */
  origins(): ReadonlySet<string>;
  /** Writes the current list, then re-reads it. */
  save(): void;
}

function clientFileCache(file: string): ClientFileCache {
  let clients: StoredClient[] = [];
  let loadedStamp = '';
  let origins = new Set<string>();
  function load(): StoredClient[] {
    const st = fileStamp(file);
    if (st === loadedStamp) return clients;
    clients = st === 'absent' ? [] : readClientsFile(file);
    origins = new Set(clients.filter((c) => !c.revokedAt).flatMap((c) => c.origins));
    loadedStamp = st;
    return clients;
  }
  return {
    clients: load,
    origins: () => origins,
    save() {
      writeClientsFile(file, clients);
      loadedStamp = '';
      load();
    },
  };
}

interface FileWatch {
  /** Tells every listener now (and takes the file's stamp as seen). */
  notify(): void;
  watch(listener: () => void): () => void;
}

/** Listeners of the file: fs.watch on the folder while anyone listens, a 1 s poll as the safety net. */
function watchClientsFile(dataDir: string, file: string): FileWatch {
  const listeners = new Set<() => void>();
  let watcher: FSWatcher | undefined;
  let poller: NodeJS.Timeout | undefined;
  let seenStamp = '';
  function notify(): void {
    seenStamp = fileStamp(file);
    for (const l of [...listeners]) {
      try {
        l();
      } catch {
        /* a listener's failure is its own */
      }
    }
  }
  function check(): void {
    if (fileStamp(file) !== seenStamp) notify();
  }
  function startWatching(): void {
    seenStamp = fileStamp(file);
    try {
      // The file is replaced by rename: watch the folder, not the file.
      watcher = fsWatch(dataDir, { persistent: false }, (_ev, name) => {
        if (name === null || String(name) === CLIENTS_FILE) check();
      });
      watcher.on('error', () => undefined);
    } catch {
      watcher = undefined; // the poll still works
    }
    poller = setInterval(check, 1000);
    poller.unref();
  }
  function stopWatching(): void {
    watcher?.close();
    watcher = undefined;
    if (poller) clearInterval(poller);
    poller = undefined;
  }
  return {
    notify,
    watch(listener) {
      if (listeners.size === 0) startWatching();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopWatching();
      };
    },
  };
}

/** Checks a pairing request; the normalised name and origins. */
function checkPairInput(input: PairInput): { name: string; origins: string[]; allowNoOrigin: boolean } {
  const name = String(input.name ?? '').trim();
  if (name.length < 1 || name.length > 64 || /[\u0000-\u001f\u007f]/.test(name)) throw new ApiError('API_PAIR_INVALID', 'client name must be 1–64 printable characters');
  if (!PAIRABLE_PURPOSES.includes(input.purpose)) throw new ApiError('API_PAIR_INVALID', `purpose must be one of ${PAIRABLE_PURPOSES.join(', ')}`);
  const origins = [...new Set(input.origins.map(normaliseOrigin))];
  const allowNoOrigin = input.allowNoOrigin === true;
  if (origins.length === 0 && !allowNoOrigin) throw new ApiError('API_PAIR_INVALID', 'give at least one origin, or allow non-browser use');
  return { name, origins, allowNoOrigin };
}

export function openClientStore(dataDir: string, opts: { now?: () => Date } = {}): ClientStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, CLIENTS_FILE);
  const now = opts.now ?? (() => new Date());
  const cache = clientFileCache(file);
  const changes = watchClientsFile(dataDir, file);
  const save = (): void => {
    cache.save();
    changes.notify();
  };
  const activeById = (clientId: string): StoredClient | undefined => cache.clients().find((x) => x.clientId === clientId && !x.revokedAt);

  return {
    pair(input) {
      const clients = cache.clients();
      const { name, origins, allowNoOrigin } = checkPairInput(input);
      const token = newToken();
      const clientId = `c_${randomBytes(8).toString('hex')}`;
      clients.push({ clientId, name, purpose: input.purpose, origins, allowNoOrigin, createdAt: now().toISOString(), tokenHash: hashToken(token) });
      save();
      return { clientId, token };
    },
    list() {
      return cache.clients().map(publicRecord);
    },
    revoke(clientId) {
      const c = activeById(clientId);
      if (!c) return false;
      c.revokedAt = now().toISOString();
      save();
      return true;
    },
    authenticate(token) {
      const h = hashToken(token);
      let found: StoredClient | undefined;
      // Compare against every record (constant work whatever matches).
      for (const c of cache.clients()) if (sameHash(c.tokenHash, h) && !c.revokedAt) found = c;
      return found ? publicRecord(found) : undefined;
    },
    active(clientId) {
      const c = activeById(clientId);
      return c ? publicRecord(c) : undefined;
    },
    knownOrigins() {
      cache.clients();
      return cache.origins();
    },
    watch: changes.watch,
  };
}

function isStoredClient(v: unknown): v is StoredClient {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.clientId === 'string' &&
    typeof c.name === 'string' &&
    typeof c.purpose === 'string' &&
    PAIRABLE_PURPOSES.includes(c.purpose as Purpose) &&
    Array.isArray(c.origins) &&
    c.origins.every((o) => typeof o === 'string') &&
    typeof c.allowNoOrigin === 'boolean' &&
    typeof c.tokenHash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.tokenHash) &&
    (c.revokedAt === undefined || typeof c.revokedAt === 'string')
  );
}
