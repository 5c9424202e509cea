// Long fuzzing runs over every parser target of test/fuzz (docs/fuzzing.md):
//   npm run fuzz -- --minutes N [--workers N] [--targets a,b] [--timeout-ms MS] [--slice-ms MS] [--max-inputs N]
//   npm run fuzz -- --replay test-results/fuzz/<file>.bin            (runs one saved input again)
//   npm run fuzz -- --list                                             (--out DIR: findings elsewhere)
// Worker threads run the targets round-robin with random seeds; a watchdog in this thread sees a hang
// (no progress on one input for --timeout-ms), saves that input and replaces the worker. Prints inputs
// tried per target, crashes (saved under test-results/fuzz/ with the seed to reproduce), hangs and peak
// RSS; writes test-results/fuzz/summary.json. Exit code 1 when anything was found.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

let OUT = 'test-results/fuzz';
process.env.CHIPID_FUZZ_SHARED_DIR ??= fileURLToPath(new URL('../../shared/', import.meta.url));
const SHM_HEADER = 16; // Int32 words before the input bytes (see test/fuzz/worker.ts SHM)
const SHM_BYTES = 4 * 1024 * 1024;

function args(argv) {
  const o = { minutes: 1, workers: Math.max(1, Math.min(2, availableParallelism())), targets: [], timeoutMs: 15_000, sliceMs: 2_000, maxInputs: Infinity, batch: 25 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--minutes') o.minutes = Number(v());
    else if (a === '--workers') o.workers = Number(v());
    else if (a === '--targets') o.targets = v().split(',').filter(Boolean);
    else if (a === '--timeout-ms') o.timeoutMs = Number(v());
    else if (a === '--slice-ms') o.sliceMs = Number(v());
    else if (a === '--max-inputs') o.maxInputs = Number(v());
    else if (a === '--replay') o.replay = v();
    else if (a === '--target') o.target = v();
    else if (a === '--list') o.list = true;
    else if (a === '--out') OUT = v();
    else throw new Error(`unknown option ${a} (see the header of scripts/fuzz.mjs)`);
  }
  if (!(o.minutes > 0) || !(o.workers >= 1) || !(o.timeoutMs > 0)) throw new Error('--minutes, --workers and --timeout-ms must be positive');
  return o;
}

async function bundle() {
  // one bundle per run, so a replay beside a long run never swaps the code under its workers
  const outfile = join('test-results/fuzz/.build', String(process.pid), 'worker.mjs'); // inside the repo: node_modules resolve
  await build({
    entryPoints: ['test/fuzz/worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return resolve(outfile);
}

const fmtMb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function replay(o, entry) {
  const mod = await import(pathToFileURL(entry).href);
  const name = o.target ?? basename(o.replay).split('--')[0];
  const [t] = mod.selectTargets([name]);
  await t.setup?.();
  const input = new Uint8Array(readFileSync(o.replay));
  const t0 = performance.now();
  try {
    await t.run(input);
    console.log(`replay ${name} (${input.length} bytes): no finding (${Math.round(performance.now() - t0)} ms)`);
    return 0;
  } catch (e) {
    console.log(`replay ${name} (${input.length} bytes): FINDING\n${e?.stack ?? e}`);
    if (e?.cause) console.log(`caused by: ${e.cause?.stack ?? e.cause}`);
    return 1;
  }
}

async function fuzz(o, entry) {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const deadline = started + o.minutes * 60_000;
  const stats = new Map(); // target -> { inputs, ms, crashes, hangs }
  const stat = (t) => stats.get(t) ?? stats.set(t, { inputs: 0, ms: 0, crashes: 0, hangs: 0 }).get(t);
  const findings = new Map(); // key -> { kind, target, message, count, files, seed, index }
  let peakRss = 0;
  let names = [];
  let stopping = false;

  const save = (kind, target, message, stack, input, extra = {}) => {
    const firstLine = message.split('\n')[0].replace(/\d+/g, 'N').slice(0, 200);
    const key = `${kind}|${target}|${firstLine}`;
    let f = findings.get(key);
    if (!f) findings.set(key, (f = { kind, target, message: message.split('\n')[0].slice(0, 300), count: 0, files: [], ...extra }));
    f.count++;
    stat(target)[kind === 'hang' ? 'hangs' : 'crashes']++;
    if (f.files.length < 3) {
      const id = createHash('sha256').update(input).digest('hex').slice(0, 12);
      const file = join(OUT, `${target}--${kind}-${id}.bin`);
      writeFileSync(file, input);
      writeFileSync(`${file}.txt`, `${kind} in ${target}\n${extra.seed !== undefined ? `fast-check seed ${extra.seed}, input #${extra.index} of a batch of ${o.batch}\n` : ''}replay: npm run fuzz -- --replay ${file}\n\n${stack}\n`);
      f.files.push(file);
      console.log(`  ${kind.toUpperCase()} ${target}: ${f.message} → ${file}`);
    }
  };

  const workers = new Set();
  const spawn = (id) => {
    const shm = new SharedArrayBuffer(SHM_HEADER * 4 + SHM_BYTES);
    const words = new Int32Array(shm, 0, SHM_HEADER);
    const w = new Worker(entry, {
      workerData: { workerId: id, shm, targetNames: o.targets, sliceMs: o.sliceMs, batch: o.batch },
      resourceLimits: { maxOldGenerationSizeMb: 768 },
      stdout: false,
    });
    const rec = { w, id, shm, words, lastBeat: -1, lastChange: Date.now(), dead: false, ready: false };
    const current = () => {
      const ti = Atomics.load(words, 1);
      const len = Atomics.load(words, 2);
      const input = new Uint8Array(shm, SHM_HEADER * 4, Math.min(len, SHM_BYTES)).slice();
      return { target: names[ti] ?? `target#${ti}`, input, running: Atomics.load(words, 3) === 1 };
    };
    rec.current = current;
    w.on('message', (m) => {
      if (m.type === 'ready') {
        names = m.targets;
        rec.ready = true;
      }
      else if (m.type === 'stats') {
        const s = stat(m.target);
        s.inputs += m.inputs;
        s.ms += m.ms;
      } else if (m.type === 'finding') save('crash', m.target, m.message, m.stack, m.input, { seed: m.seed, index: m.index });
    });
    w.on('error', (e) => {
      if (rec.dead || stopping) return;
      if (!rec.ready) {
        // the targets could not even be prepared: no point in respawning
        console.error(`fuzz: worker setup failed: ${e?.stack ?? e}`);
        process.exit(2);
      }
      const c = current();
      save('crash', c.running ? c.target : 'worker', `worker died: ${e?.code ?? ''} ${e?.message ?? e}`, e?.stack ?? String(e), c.input);
    });
    w.on('exit', () => {
      workers.delete(rec);
      if (!stopping && !rec.dead) spawn(id + o.workers);
    });
    workers.add(rec);
  };
  for (let i = 0; i < o.workers; i++) spawn(i);

  const total = () => [...stats.values()].reduce((n, s) => n + s.inputs, 0);
  let lastPrint = Date.now();
  await new Promise((done) => {
    const tick = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const now = Date.now();
      for (const rec of workers) {
        const beat = Atomics.load(rec.words, 0);
        if (beat !== rec.lastBeat) {
          rec.lastBeat = beat;
          rec.lastChange = now;
        } else if (Atomics.load(rec.words, 3) === 1 && now - rec.lastChange > o.timeoutMs) {
          const c = rec.current();
          save('hang', c.target, `no progress for ${o.timeoutMs} ms on one input`, `hang: the worker made no progress for ${o.timeoutMs} ms`, c.input);
          rec.dead = true;
          void rec.w.terminate();
          spawn(rec.id + o.workers);
        }
      }
      if (now - lastPrint > 30_000) {
        lastPrint = now;
        console.log(`  … ${Math.round((now - started) / 1000)} s, ${total().toLocaleString('en')} inputs, peak RSS ${fmtMb(peakRss)}`);
      }
      if (now >= deadline || total() >= o.maxInputs) {
        clearInterval(tick);
        done();
      }
    }, 250);
  });
  stopping = true;
  await Promise.all([...workers].map((r) => r.w.terminate()));
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const rows = [...stats.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const elapsed = (Date.now() - started) / 1000;
  console.log(`\nfuzz: ${o.workers} worker(s), ${elapsed.toFixed(0)} s, per-input hang timeout ${o.timeoutMs} ms`);
  console.log(`${'target'.padEnd(20)}${'inputs'.padStart(12)}${'inputs/s'.padStart(10)}${'crashes'.padStart(9)}${'hangs'.padStart(7)}`);
  for (const [t, s] of rows) console.log(`${t.padEnd(20)}${s.inputs.toLocaleString('en').padStart(12)}${(s.ms ? (s.inputs / s.ms) * 1000 : 0).toFixed(0).padStart(10)}${String(s.crashes).padStart(9)}${String(s.hangs).padStart(7)}`);
  const crashes = rows.reduce((n, [, s]) => n + s.crashes, 0);
  const hangs = rows.reduce((n, [, s]) => n + s.hangs, 0);
  console.log(`${'total'.padEnd(20)}${total().toLocaleString('en').padStart(12)}${''.padStart(10)}${String(crashes).padStart(9)}${String(hangs).padStart(7)}`);
  console.log(`peak RSS ${fmtMb(peakRss)} (main thread + workers)`);
  for (const f of findings.values()) console.log(`${f.kind} ×${f.count} in ${f.target}: ${f.message}\n   ${f.files.join('\n   ')}`);
  const summary = { startedAt: new Date(started).toISOString(), seconds: Math.round(elapsed), workers: o.workers, timeoutMs: o.timeoutMs, totalInputs: total(), crashes, hangs, peakRssBytes: peakRss, targets: Object.fromEntries(rows), findings: [...findings.values()] };
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
  return crashes + hangs > 0 ? 1 : 0;
}

const o = args(process.argv.slice(2));
const entry = await bundle();
if (o.list) {
  const mod = await import(pathToFileURL(entry).href);
  for (const t of mod.targets()) console.log(`${t.name.padEnd(20)}${t.what}`);
  process.exit(0);
}
process.exit(o.replay ? await replay(o, entry) : await fuzz(o, entry));
