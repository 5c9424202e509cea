// Kill -9 during delivery: a child process queues visits and delivers them to the fake HIS (a real HTTP server
// in this process); it is killed with SIGKILL — either while the HIS holds one of its requests (received, not
// yet answered) or at a random moment — and a second process delivers the rest from the same registry storage
// (the real one: SQLCipher file, hospital migrations, the store's outbox functions).
// Over several rounds: every visit queued is received exactly once by key (never lost, never doubled), the
// request cut by the kill is re-sent with the same key and the same body, and no key whose acknowledgement had
// committed is ever sent again.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../../../../helpers/child-bundle.js';
import { mulberry32 } from '../../../../../helpers/rng.js';
import { startFakeHis } from '../../../../../../electron/devkit/fake-his.js';
import { integrityCheck } from '../../../../../../electron/service/storage/index.js';
import { openHis, removeTempDirs, tempDir } from './his-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 6;
const PER_ROUND = 40;
let bundle = '';

beforeAll(async () => {
  // The child is TypeScript, bundled with esbuild (test/helpers/child-bundle.ts).
  bundle = await bundleChild(path.join(here, 'outbox-crash-child.ts'), path.join(tempDir('chipid-his-crash-bundle-'), 'child.mjs'));
});

afterAll(removeTempDirs);


interface ChildRun {
  queued: string[];
  delivered: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the child; `arm` gets the process once it said 'ready' (to kill it by a timer). */
function runChild(args: string[], onChild: (c: ChildProcess) => void, arm?: (c: ChildProcess) => void): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    onChild(child);
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!armed && out.startsWith('ready\n')) {
        armed = true;
        arm?.(child);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = out.split('\n');
      lines.pop(); // an unterminated last line was cut by the kill: not reported
      const pick = (p: string) => lines.filter((l) => l.startsWith(p)).map((l) => l.slice(p.length));
      resolve({ queued: pick('queued '), delivered: pick('delivered '), signal, code, stderr: err });
    });
  });
}

describe('HIS outbox under SIGKILL', () => {
  it(`delivers every visit exactly once over ${ROUNDS} kills`, async () => {
    const seed = Number(process.env.CHIPID_CRASH_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    console.log(`his-outbox-crash: seed ${seed}`);
    const file = tempDir();
    openHis(file).close(); // migrations done, department and patient there, before the first child

    let current: ChildProcess | undefined;
    let killAtRequest = 0;
    let cutKey: string | undefined;
    const his = await startFakeHis({
      // Kill the sender while its request is here: the HIS has it, the sender never hears the answer.
      onRequest: (key, n) => {
        if (killAtRequest > 0 && n === killAtRequest && current !== undefined) {
          current.kill('SIGKILL');
          cutKey = key;
          killAtRequest = 0;
        }
      },
    });
    const queued: string[] = [];
    const acked = new Set<string>();
    let killsMidRequest = 0;
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const byRequest = r % 2 === 0;
        cutKey = undefined;
        killAtRequest = byRequest ? his.requests.length + 3 + Math.floor(rand() * (PER_ROUND - 6)) : 0;
        const delay = 30 + Math.floor(rand() * 500);
        const run = await runChild(
          [file, his.url, 'run', String(r * PER_ROUND), String(PER_ROUND)],
          (c) => (current = c),
          byRequest ? undefined : (c) => setTimeout(() => c.kill('SIGKILL'), delay),
        );
        expect(run.stderr, `round ${r} stderr`).toBe('');
        if (byRequest) {
          expect(run.signal, `round ${r}: killed on a request`).toBe('SIGKILL');
          expect(cutKey).toBeDefined();
          killsMidRequest++;
        }
        queued.push(...run.queued);
        for (const k of run.delivered) acked.add(k);

        // The second process: from here on, no acknowledged key may be sent again.
        const before = his.requests.length;
        const drain = await runChild([file, his.url, 'drain'], (c) => (current = c));
        expect(drain.stderr, `round ${r} drain stderr`).toBe('');
        expect(drain.code, `round ${r} drain exit`).toBe(0);
        const after = his.requests.slice(before);
        const resentAcked = after.filter((q) => acked.has(q.key)).map((q) => q.key);
        expect(resentAcked, `seed ${seed} round ${r}: acknowledged keys sent again`).toEqual([]);
        if (cutKey !== undefined) {
          // Cut mid-request: re-sent with the same key (and the same body: a different one would be a 422).
          expect(after.filter((q) => q.key === cutKey).map((q) => [q.status, q.repeat]), `round ${r}: cut request re-sent`).toEqual([[200, true]]);
        }
        for (const k of drain.delivered) acked.add(k);
        console.log(`his-outbox-crash round ${r} (${byRequest ? 'kill on a request' : `kill after ${delay} ms`}): ${run.queued.length} queued, ${run.delivered.length} delivered before the kill (${run.signal ?? 'no kill'}), ${drain.delivered.length} by the second process`);
      }
    } finally {
      await his.close();
    }

    // Never lost: every queued visit reached the HIS. Never doubled: one key per visit, each accepted once.
    expect(queued.length).toBeGreaterThan(0);
    const got = his.uniqueKeys();
    expect(queued.filter((k) => !got.includes(k)), `seed ${seed}: queued but never received`).toEqual([]);
    expect(his.received.length).toBe(got.length);
    const visits = his.received.map((x) => (x.bundle as { identifier?: { value?: string } }).identifier?.value);
    expect(new Set(visits).size, 'each visit received once').toBe(visits.length);
    expect(his.requests.every((q) => q.status === 200), 'no request refused (same key, same body)').toBe(true);
    expect(killsMidRequest).toBe(Math.ceil(ROUNDS / 2));

    const x = openHis(file);
    try {
      const st = x.store.outboxStatus();
      expect(st.pending).toBe(0);
      // A child killed between its commit and its 'queued' line leaves a row it never reported: received too.
      expect(st.delivered).toBe(got.length);
      expect(integrityCheck(x.storage.read)).toEqual(['ok']);
    } finally {
      x.close();
    }
    console.log(`his-outbox-crash: ${queued.length} visits queued and reported, ${got.length} received, ${his.requests.length} requests (${his.requests.filter((q) => q.repeat).length} deduped repeats)`);
  }, 120_000);
});
