// Crash safety: a child process writes events in a loop and is killed with SIGKILL at random moments; every
// event it reported as committed must survive, the database must pass integrity_check, every event must have
// its audit entry (same transaction) and the audit chain must verify. Run for both durability modes: NORMAL
// is expected to survive a process kill too (only power loss separates it from FULL).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../../helpers/child-bundle.js';
import { mulberry32 } from '../../../helpers/rng.js';
import { integrityCheck, listAudit, openStorage, verifyAuditChain } from '../../../../electron/service/storage/index.js';
import { rawDb, removeTempDirs, tempDir } from '../fixtures/storage-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 8;
let bundle = '';

beforeAll(async () => {
  // The child is TypeScript, bundled with esbuild (test/helpers/child-bundle.ts).
  bundle = await bundleChild(path.join(here, '..', 'fixtures', 'storage-crash-child.ts'), path.join(tempDir('chipid-crash-bundle-'), 'child.mjs'));
});

afterAll(removeTempDirs);


/** Starts the child, waits for 'ready', kills it after `delayMs`; returns the ids it reported committed. */
function round(dataDir: string, durability: string, delayMs: number): Promise<{ ids: number[]; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dataDir, durability], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!armed && out.startsWith('ready\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      const lines = out.split('\n');
      lines.pop(); // an unterminated last line was cut by the kill: not reported
      const ids = lines.filter((l) => l !== 'ready').map(Number);
      resolve({ ids, signal, stderr: err });
    });
  });
}

describe.each(['full', 'normal'] as const)('SIGKILL during writes (synchronous=%s)', (durability) => {
  it(`keeps every reported commit over ${ROUNDS} kills`, async () => {
    const seed = Number(process.env.CHIPID_CRASH_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    console.log(`storage-crash (${durability}): seed ${seed}`);
    const dir = tempDir();
    const reported = new Set<number>();
    for (let r = 0; r < ROUNDS; r++) {
      const delay = 20 + Math.floor(rand() * 181);
      const res = await round(dir, durability, delay);
      expect(res.stderr, `round ${r} stderr`).toBe('');
      expect(res.signal, `round ${r} (delay ${delay} ms) must end by SIGKILL`).toBe('SIGKILL');
      for (const id of res.ids) {
        expect(Number.isInteger(id) && id > 0, `bad id line in round ${r}`).toBe(true);
        reported.add(id);
      }
    }
    expect(reported.size).toBeGreaterThan(0);
    console.log(`storage-crash (${durability}): ${reported.size} commits reported over ${ROUNDS} kills`);

    const s = openStorage(dir, { retention: false });
    try {
      expect(integrityCheck(s.read)).toEqual(['ok']);
      const raw = rawDb(s.dbPath, { readonly: true });
      const present = new Set((raw.prepare('SELECT id FROM events').all() as { id: number }[]).map((x) => x.id));
      const audited = raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'event.recorded'`).get() as { n: number };
      raw.close();
      const lost = [...reported].filter((id) => !present.has(id));
      expect(lost, `seed ${seed}: committed events lost`).toEqual([]);
      expect(audited.n, 'every event has its audit entry and vice versa').toBe(present.size);
      expect(verifyAuditChain(s.read)).toMatchObject({ ok: true });
      expect(listAudit(s.read, { limit: 10_000 }).some((e) => e.action === 'retention.purge')).toBe(true);
    } finally {
      s.close();
    }
  });
});
