// The fleet sync against a real PostgreSQL: a syncing kiosk SIGKILLed at random points resumes with nothing lost
// and nothing counted twice; the server down is a coded error in the status with a growing back-off, and the
// kiosk catches up once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCentral } from '../../electron/fleet/central/db.js';
import { FleetSync } from '../../electron/fleet/sync.js';
import { SqliteFleetSource } from '../../bench/fleet-source.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { bundleFleetChild, PG_SKIP } from '../helpers/fleet.js';
import { ROLLUP_TOTAL_SQL } from '../../electron/fleet/events.js';

const T0 = Date.UTC(2026, 8, 1);
let pg: PgCluster;
let dir: string;
let child: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-fleet-sync-'));
  if (PG_SKIP) return;
  pg = await startPostgres();
  child = await bundleFleetChild();
}, 180_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (child) rmSync(child, { force: true });
});

/** Runs the child until it prints `done`, or kills it with SIGKILL `killAfterMs` after its first progress line. */
function runChild(args: string[], killAfterMs: number | null): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== null && !armed && out.includes('progress')) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, out });
      else if (code === 0) resolve({ killed: false, out });
      else reject(new Error(`child exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

describe.skipIf(PG_SKIP !== null)('fleet sync', () => {
  it('resumes after SIGKILLs at random points: 0 lost, 0 duplicated, the rollup counts each event once', async () => {
    const url = pg.database('kills');
    const file = join(dir, 'outbox-kills.sqlite');
    const src = new SqliteFleetSource(file, 'kiosk-kill');
    src.append(30_000, T0, 20_000);
    src.close();
    let seed = 14;
    const rng = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let kills = 0;
    for (let i = 0; i < 6; i++) {
      const r = await runChild([file, 'kiosk-kill', url, '1000'], Math.floor(rng() * 120));
      if (r.killed) kills++;
      if (!r.killed) break;
    }
    const last = await runChild([file, 'kiosk-kill', url, '1000'], null);
    expect(last.out).toContain('done 30000');
    expect(kills).toBeGreaterThan(0);
    const db = await openCentral(url);
    const [row] = await db.query("SELECT COUNT(*) AS n, COUNT(DISTINCT uuid) AS u, MAX(seq) AS m, MIN(seq) AS lo FROM fleet_events WHERE kiosk = 'kiosk-kill'");
    expect([Number(row!.n), Number(row!.u), Number(row!.m), Number(row!.lo)]).toEqual([30_000, 30_000, 30_000, 1]);
    const [h] = await db.query(ROLLUP_TOTAL_SQL);
    expect(Number(h!.n)).toBe(30_000);
    const [k] = await db.query("SELECT hwm FROM fleet_kiosks WHERE kiosk = 'kiosk-kill'");
    expect(Number(k!.hwm)).toBe(30_000);
    await db.close();
    const again = new SqliteFleetSource(file, 'kiosk-kill');
    expect(again.hwm()).toBe(30_000);
    again.close();
  }, 300_000);

  it('the server down: FLEET_UNREACHABLE in the status, the back-off doubles, then it catches up', async () => {
    const url = pg.database('down');
    const src = new SqliteFleetSource(':memory:', 'kiosk-down');
    src.append(500, T0, 60_000);
    let now = T0;
    const fs = new FleetSync({ source: src, url, now: () => now, random: () => 0.5, minBackoffMs: 5_000, maxBackoffMs: 600_000 });
    expect(await fs.runDue({ force: true })).toMatchObject({ inserted: 500, left: 0 });
    src.append(700, T0 + 86_400_000, 60_000);
    pg.halt();
    try {
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        now = Math.max(now, fs.status().nextAttemptMs);
        await expect(fs.runDue()).rejects.toMatchObject({ code: 'FLEET_UNREACHABLE' });
        const st = fs.status();
        expect(st).toMatchObject({ failures: i + 1, queue: 700, hwm: 500, lastError: { code: 'FLEET_UNREACHABLE' } });
        waits.push(st.nextAttemptMs - now);
        // Not due yet: nothing is tried.
        expect(await fs.runDue()).toBeNull();
      }
      expect(waits).toEqual([5_000, 10_000, 20_000, 40_000]);
      expect(fs.backoffMs(30)).toBe(600_000);
    } finally {
      pg.start();
    }
    now = fs.status().nextAttemptMs;
    expect(await fs.runDue()).toMatchObject({ sent: 700, inserted: 700, left: 0, hwm: 1200 });
    expect(fs.status()).toMatchObject({ failures: 0, lastError: null, queue: 0, lastSuccessMs: now });
    await fs.close();
    src.close();
  }, 180_000);
});
