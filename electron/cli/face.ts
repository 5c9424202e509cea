/**
 * chipid face compare IMAGE_A IMAGE_B [--json]: 1:1 face comparison of two image files (A = the reference,
 *   e.g. a DG2 portrait; JPEG or JPEG 2000). Exit 0 match, 1 no match, 2 bad input.
 * chipid face video --person A|B --script challenge|still --out FILE.y4m [--seconds N] [--fps N]: the synthetic
 *   camera video of a virtual card's person for Chromium's --use-file-for-fake-video-capture and the demo.
 * Prints scores, quality codes and timings only: never an image, an embedding or a landmark.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, printError } from './args.js';
import { ChipIdError, asCodedError } from '../emrtd/errors.js';
import { compareImages } from '../face/compare.js';
import { qualityHint } from '../face/quality.js';
import { FACE_THRESHOLD } from '../face/threshold.js';
import { writeY4m } from '../face/y4m.js';
import type { FaceQuality } from '../face/types.js';
import { nodeFaceEngine } from '../service/face-node.js';
import { faceVideo } from '../devkit/face-video.js';

const MAX_IMAGE_FILE = 16 * 1024 * 1024;
const BAD_INPUT = new Set(['KEY_INVALID', 'PARSE_ERROR', 'UNSUPPORTED', 'LIMIT_EXCEEDED']);

function readImage(path: string): Uint8Array {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw new ChipIdError('KEY_INVALID', `${path}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
  }
  if (b.length > MAX_IMAGE_FILE) throw new ChipIdError('LIMIT_EXCEEDED', `${path}: ${b.length} bytes (limit ${MAX_IMAGE_FILE})`);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const qualityJson = (q: FaceQuality): Record<string, unknown> => ({
  ok: q.ok, failed: q.failed, faces: q.faceCount, detectorScore: r3(q.detectorScore), faceWidthPx: Math.round(q.faceWidthPx),
  yawDeg: r3(q.yawDeg), pitchDeg: r3(q.pitchDeg), sharpness: Math.round(q.sharpness), brightness: Math.round(q.brightness),
});
const qualityLine = (name: string, q: FaceQuality): string => {
  const hint = qualityHint(q);
  return `${name}: ${q.ok ? 'ok' : q.failed.join(', ')} (faces ${q.faceCount}, width ${Math.round(q.faceWidthPx)} px)${hint ? ` — ${hint.en}` : ''}`;
};

async function compare(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
  if (positionals.length !== 2) throw new ChipIdError('KEY_INVALID', 'face compare needs two image files: IMAGE_A IMAGE_B');
  const [a, b] = [readImage(positionals[0]!), readImage(positionals[1]!)];
  const engine = await nodeFaceEngine();
  const c = await compareImages(engine, a, b);
  if (values.json) {
    process.stdout.write(JSON.stringify({ score: r3(c.score), threshold: c.threshold, thresholdSource: FACE_THRESHOLD.source, match: c.match, quality: { a: qualityJson(c.quality.a), b: qualityJson(c.quality.b) }, ms: Math.round(c.ms), loadMs: Math.round(engine.loadMs), modelVersion: c.modelVersion }) + '\n');
  } else {
    process.stdout.write(`${c.match ? 'MATCH' : 'NO MATCH'}: score ${c.score.toFixed(3)} (threshold ${c.threshold}, ${c.modelVersion})\n${qualityLine('A', c.quality.a)}\n${qualityLine('B', c.quality.b)}\n${Math.round(c.ms)} ms (model load ${Math.round(engine.loadMs)} ms)\n`);
  }
  return c.match ? 0 : 1;
}

function video(argv: string[]): number {
  const { values } = parse(argv, { person: { type: 'string' }, script: { type: 'string' }, out: { type: 'string' }, seconds: { type: 'string' }, fps: { type: 'string' }, json: { type: 'boolean' } });
  const person = values.person?.toUpperCase();
  if (person !== 'A' && person !== 'B') throw new ChipIdError('KEY_INVALID', '--person must be A or B');
  if (values.script !== 'challenge' && values.script !== 'still') throw new ChipIdError('KEY_INVALID', '--script must be challenge or still');
  if (!values.out) throw new ChipIdError('KEY_INVALID', '--out FILE.y4m is required');
  const fps = Number(values.fps ?? 10);
  const seconds = Number(values.seconds ?? 0);
  if (!Number.isInteger(fps) || fps < 1 || fps > 30) throw new ChipIdError('KEY_INVALID', '--fps must be 1..30');
  if (!(seconds >= 0 && seconds <= 120)) throw new ChipIdError('KEY_INVALID', '--seconds must be 0..120');
  const loop = faceVideo(person, values.script, { fps });
  // Chromium loops the file; --seconds repeats the loop to at least that length.
  const frames = [];
  const want = Math.max(loop.length, Math.ceil(seconds * fps));
  for (let i = 0; i < want; i++) frames.push(loop[i % loop.length]!);
  writeFileSync(values.out, writeY4m(frames, fps));
  const f = frames[0]!;
  process.stdout.write(values.json ? JSON.stringify({ out: values.out, frames: frames.length, fps, width: f.width, height: f.height }) + '\n' : `${values.out}: ${frames.length} frames ${f.width}×${f.height} at ${fps} fps\n`);
  return 0;
}

export async function cmdFace(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    if (sub === 'compare') return await compare(rest);
    if (sub === 'video') return video(rest);
    throw new ChipIdError('KEY_INVALID', 'face: use "face compare IMAGE_A IMAGE_B" or "face video --person A|B --script challenge|still --out FILE.y4m"');
  } catch (e) {
    const err = asCodedError(e);
    if (!BAD_INPUT.has(err.code)) throw err;
    printError(err, json);
    return 2;
  }
}
