/**
 * chipid bench --face: the face model's load time (separately), end-to-end comparisons (decode the DG2 JPEG,
 * detect, embed, compare) median and p95, the per-stage split, and memory after 10 vs after 1,000 comparisons
 * (RSS, heap, live tensors) — flat means no leak. Uses the virtual card's portraits and person A's camera frames.
 */
import { decodeImage } from '../electron/face/image.js';
import { prepareReference, compareWithReference } from '../electron/face/compare.js';
import { nodeFaceEngine } from '../electron/service/face-node.js';
import { FACE_JPEG } from '../electron/devkit/assets/face.js';
import { faceVideo } from '../electron/devkit/face-video.js';

export interface FaceBench {
  modelVersion: string;
  loadMs: number;
  runs: number;
  compareMs: { median: number; p95: number };
  stagesMs: { decode: number; reference: number; live: number };
  score: number;
  memory: { after10: MemorySample; after1000: MemorySample | null };
}
interface MemorySample { rssMb: number; heapMb: number; tensors: number }

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

export async function benchFace(opts: { runs: number; leakRuns: number }): Promise<FaceBench> {
  const t0 = performance.now();
  const engine = await nodeFaceEngine();
  const loadMs = engine.loadMs || performance.now() - t0;
  const live = faceVideo('A', 'challenge', { fps: 2 })[0]!;
  const total: number[] = [];
  const dec: number[] = [];
  const refs: number[] = [];
  const lives: number[] = [];
  let score = 0;
  const sample = (): MemorySample => {
    const m = process.memoryUsage();
    return { rssMb: r1(m.rss / 2 ** 20), heapMb: r1(m.heapUsed / 2 ** 20), tensors: engine.numTensors() };
  };
  let after10: MemorySample | null = null;
  const n = Math.max(opts.runs, opts.leakRuns);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const img = decodeImage(FACE_JPEG);
    const t1 = performance.now();
    const ref = await prepareReference(engine, img);
    const t2 = performance.now();
    if (!ref.embedding) throw new Error('bench: no face in FACE_JPEG');
    const c = await compareWithReference(engine, { quality: ref.quality, embedding: ref.embedding }, live);
    const t3 = performance.now();
    score = c.score;
    if (i < opts.runs) {
      total.push(t3 - t);
      dec.push(t1 - t);
      refs.push(t2 - t1);
      lives.push(t3 - t2);
    }
    if (i === 9) after10 = sample();
  }
  return {
    modelVersion: engine.modelVersion,
    loadMs: r1(loadMs),
    runs: opts.runs,
    compareMs: { median: r1(q(total, 0.5)), p95: r1(q(total, 0.95)) },
    stagesMs: { decode: r1(q(dec, 0.5)), reference: r1(q(refs, 0.5)), live: r1(q(lives, 0.5)) },
    score: Math.round(score * 1000) / 1000,
    memory: { after10: after10 ?? sample(), after1000: n >= 1000 ? sample() : null },
  };
}

export function faceBenchLines(b: FaceBench): string[] {
  const m = (s: MemorySample): string => `RSS ${s.rssMb} MB, heap ${s.heapMb} MB, ${s.tensors} tensors`;
  return [
    `face model: ${b.modelVersion}, load ${b.loadMs} ms`,
    `compare end-to-end (decode DG2 JPEG, detect+embed reference, detect+embed live 640×480, similarity), ${b.runs} runs: median ${b.compareMs.median} ms, p95 ${b.compareMs.p95} ms`,
    `  stages (median): decode ${b.stagesMs.decode} ms, reference ${b.stagesMs.reference} ms, live ${b.stagesMs.live} ms; score ${b.score}`,
    `memory after 10: ${m(b.memory.after10)}`,
    b.memory.after1000 ? `memory after 1,000: ${m(b.memory.after1000)}` : 'memory after 1,000: not measured (--runs below 1000 and --no-leak)',
  ];
}
