/**
 * A private PostgreSQL cluster for one test file or benchmark: Debian's postgresql 15 binaries, a fresh data folder
 * in a temp dir, a free port on 127.0.0.1, its socket in the same temp dir, fsync off. PostgreSQL refuses to run
 * as root, so as root it runs as the `postgres` user (runuser). `stop()` stops only this cluster (pg_ctl on its
 * own data folder). `startPglite()` is the embedded twin for the same tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** CHIPID_PG_BIN, else the newest /usr/lib/postgresql/N/bin (Debian's layout; bookworm ships 15). */
export const PG_BIN =
  process.env.CHIPID_PG_BIN ??
  (() => {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb'))) : [];
    versions.sort((a, b) => Number(b) - Number(a));
    return join(root, versions[0] ?? '15', 'bin');
  })();

export interface PgCluster {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** pg_ctl stop -m fast then start again on the same port (a server restart). */
  restart(): void;
  /** A new, empty database on this cluster; its URL. */
  database(name: string): string;
  /** Stop only (for "server down" tests); `start()` brings it back. */
  halt(): void;
  start(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Why no cluster can run here, or null when one can. */
export function postgresUnavailable(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb'))) return `no PostgreSQL binaries at ${PG_BIN} (apt-get install postgresql)`;
  const root = process.getuid?.() === 0;
  if (root) {
    const r = spawnSync('id', ['-u', 'postgres']);
    if (r.status !== 0) return 'running as root and there is no postgres user to run PostgreSQL as';
  }
  return null;
}

export async function startPostgres(opts: { maxConnections?: number } = {}): Promise<PgCluster> {
  const why = postgresUnavailable();
  if (why) throw new Error(why);
  const root = process.getuid?.() === 0;
  const base = mkdtempSync(join(tmpdir(), 'chipid-pg-'));
  const dataDir = join(base, 'data');
  const sock = base;
  if (root) {
    chownSync(base, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    chmodSync(base, 0o700);
  }
  const as = (cmd: string, args: string[]): string => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
  };
  as(join(PG_BIN, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
  const port = await freePort();
  const o = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${opts.maxConnections ?? 250} -c shared_buffers=256MB`;
  const start = (): void => void as(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-o', o, '-l', join(base, 'log'), '-w', '-t', '120', 'start']);
  const halt = (): void => void as(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '120', 'stop']);
  start();
  as(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'chipid_fleet']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/chipid_fleet`,
    port,
    dataDir,
    halt,
    start,
    database(name: string) {
      if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error('database name: lower-case letters, digits, _');
      as(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    restart() {
      halt();
      start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        halt();
      } catch {
        /* already down */
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The embedded twin: a PGlite URL (in memory unless a folder is given). */
export function startPglite(folder?: string): { url: string } {
  return { url: folder ? `pglite:${folder}` : 'pglite:memory' };
}
