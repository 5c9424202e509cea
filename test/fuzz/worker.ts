/**
 * One fuzzing worker thread of scripts/fuzz.mjs (bundled by it with esbuild). It runs the targets
 * round-robin, a time slice each, with fresh random seeds. Before each input it publishes the input and a
 * heartbeat in shared memory, so the main thread can see a hang, name the input and kill the worker even
 * when the worker is stuck in a synchronous loop. Findings and counts go to the main thread as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { targets, type FuzzTarget } from './targets.js';

/** Shared memory layout (Int32 words, then the input bytes). */
export const SHM = { heartbeat: 0, target: 1, length: 2, running: 3, header: 16 } as const;

export interface WorkerConfig {
  workerId: number;
  shm: SharedArrayBuffer;
  targetNames: string[];
  sliceMs: number;
  batch: number;
}

export type WorkerMessage =
  | { type: 'ready'; targets: string[] }
  | { type: 'stats'; target: string; inputs: number; ms: number }
  | { type: 'finding'; target: string; seed: number; index: number; message: string; stack: string; input: Uint8Array };

function stackOf(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur && i < 4; i++) {
    parts.push(cur instanceof Error ? (cur.stack ?? cur.message) : String(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts.join('\nCaused by: ');
}

export { targets };

/**
 * Two targets that always fail, only with CHIPID_FUZZ_SELFTEST=1: they prove the runner reports a crash
 * with its input and detects a hang in a synchronous loop (docs/fuzzing.md).
 */
const SELFTEST: FuzzTarget[] = [
  { name: 'selftest-crash', what: 'always throws a TypeError', runs: 0, arb: () => fc.uint8Array({ minLength: 1, maxLength: 4 }), run: () => void (null as unknown as { x: number }).x },
  {
    name: 'selftest-hang',
    what: 'loops forever on inputs starting with 0x00',
    runs: 0,
    arb: () => fc.uint8Array({ minLength: 1, maxLength: 4 }),
    run: (b) => {
      if (b[0] !== 0) return;
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    },
  },
];

/** All targets (their names for the main thread), or the chosen ones. */
export function selectTargets(names: string[]): FuzzTarget[] {
  const all = [...targets(), ...(process.env.CHIPID_FUZZ_SELFTEST === '1' ? SELFTEST : [])];
  if (names.length === 0) return all;
  const unknown = names.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length) throw new Error(`unknown fuzz target(s): ${unknown.join(', ')} (known: ${all.map((t) => t.name).join(', ')})`);
  return all.filter((t) => names.includes(t.name));
}

async function main(cfg: WorkerConfig): Promise<void> {
  const port = parentPort!;
  const words = new Int32Array(cfg.shm, 0, SHM.header);
  const bytes = new Uint8Array(cfg.shm, SHM.header * 4);
  const list = selectTargets(cfg.targetNames);
  for (const t of list) await t.setup?.();
  const arbs = list.map((t) => t.arb());
  port.postMessage({ type: 'ready', targets: list.map((t) => t.name) } satisfies WorkerMessage);
  for (let round = 0; ; round++) {
    for (let k = 0; k < list.length; k++) {
      const ti = (k + cfg.workerId) % list.length;
      const t = list[ti]!;
      const started = Date.now();
      let inputs = 0;
      while (Date.now() - started < cfg.sliceMs * (t.weight ?? 1)) {
        const seed = (Math.random() * 0x7fffffff) | 0;
        const batch = fc.sample(arbs[ti]!, { seed, numRuns: cfg.batch });
        for (const [index, input] of batch.entries()) {
          const n = Math.min(input.length, bytes.length);
          bytes.set(input.subarray(0, n));
          Atomics.store(words, SHM.target, ti);
          Atomics.store(words, SHM.length, input.length);
          Atomics.store(words, SHM.running, 1);
          Atomics.add(words, SHM.heartbeat, 1);
          try {
            await t.run(input);
          } catch (e) {
            port.postMessage({
              type: 'finding',
              target: t.name,
              seed,
              index,
              message: e instanceof Error ? e.message : String(e),
              stack: stackOf(e),
              input: input.slice(),
            } satisfies WorkerMessage);
          }
          Atomics.store(words, SHM.running, 0);
          inputs++;
        }
      }
      port.postMessage({ type: 'stats', target: t.name, inputs, ms: Date.now() - started } satisfies WorkerMessage);
    }
  }
}

if (parentPort && workerData) {
  void main(workerData as WorkerConfig).catch((e: unknown) => {
    // setup failed: crash the worker loudly, the main thread reports it
    throw e;
  });
}
