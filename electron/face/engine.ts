/**
 * The face model: @vladmandic/human 3.3.6 on the tfjs WASM backend, face models only (BlazeFace detector,
 * FaceMesh with iris refinement, FaceRes description, the anti-spoofing and liveness classifiers). Pure: the
 * Human class, where its weights and wasm are, and the `fetch` that reads them are injected (Node:
 * electron/service/face-node.ts), so this module never touches the file system or the network itself.
 *
 * Each analyse() runs the detector fresh (cacheSensitivity 0, filter off): two different images never share a
 * cached result. Every tensor made here is disposed before returning, and human is asked to return none.
 */
import type { Config, FaceResult, Human } from '@vladmandic/human';
import { ChipIdError } from '../emrtd/errors.js';
import { assessQuality } from './quality.js';
import type { AnalyseOptions, FaceEngine, FaceObservation, FrameAnalysis, RgbImage } from './types.js';

/** The Human class as exported by any of its bundles. */
export type HumanClass = new (config?: Partial<Config>) => Human;

export interface FaceRuntime {
  Human: HumanClass;
  /** Folder URL of the model JSON/bin files (ending in '/'). */
  modelBaseUrl: string;
  /** Folder URL of tfjs-backend-wasm's .wasm files (ending in '/'). */
  wasmPath: string;
  /** Reads a model or wasm file; during load it stands in for the global fetch human's loader calls. */
  fetch(url: string): Promise<Response>;
}

/** Faces the detector may report; ≥ 3 so FACE_MANY (someone behind the customer) can be seen. */
export const MAX_FACES = 4;
/**
 * Box score below which human drops a detection. Lower than quality.ts's MIN_DETECTOR_SCORE so that a weak face
 * is reported (FACE_LOW_CONFIDENCE, or FACE_MANY for a second face) rather than silently ignored.
 */
export const DETECTOR_MIN_CONFIDENCE = 0.35;

function humanConfig(rt: FaceRuntime, passive: boolean): Partial<Config> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: rt.wasmPath,
    wasmPlatformFetch: false,
    modelBasePath: rt.modelBaseUrl,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    cacheSensitivity: 0,
    deallocate: true,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: { enabled: true, modelPath: 'blazeface.json', rotation: false, maxDetected: MAX_FACES, skipFrames: 0, skipTime: 0, minConfidence: DETECTOR_MIN_CONFIDENCE, iouThreshold: 0.3, return: false, mask: false },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      attention: { enabled: false },
      iris: { enabled: true, modelPath: 'iris.json', skipFrames: 0, skipTime: 0 },
      description: { enabled: true, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0, minConfidence: 0 },
      emotion: off,
      gear: off,
      antispoof: { enabled: passive, modelPath: 'antispoof.json', skipFrames: 0, skipTime: 0 },
      liveness: { enabled: passive, modelPath: 'liveness.json', skipFrames: 0, skipTime: 0 },
    },
  } as Partial<Config>;
}

type Point = [number, number, number?];
const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
/**
 * Eyelid gap over eye width from the mesh's eye contours (upper0 / lower0, 7 and 9 points corner to corner),
 * divided by EYE_OPEN_RATIO so that a normally open eye reads ≈ 1. Measured with this engine on the painter's
 * 640×480 frames of persons A and B (electron/devkit/face-video.ts): open eyes 0.41–0.62 gap/width (more
 * when the head is turned), closed 0.09–0.17.
 */
export const EYE_OPEN_RATIO = 0.45;
function eyeOpenness(upper: Point[] | undefined, lower: Point[] | undefined): number | null {
  if (!upper || !lower || upper.length < 3 || lower.length < 3) return null;
  const width = dist(lower[0]!, lower[lower.length - 1]!);
  if (width <= 0) return null;
  // The middle of the lid contours: average the gaps of the three central points.
  const gaps: number[] = [];
  const mu = Math.floor(upper.length / 2);
  const ml = Math.floor(lower.length / 2);
  for (let d = -1; d <= 1; d++) gaps.push(dist(upper[mu + d]!, lower[ml + d]!));
  const ratio = gaps.reduce((s, g) => s + g, 0) / gaps.length / width;
  return Math.max(0, Math.min(1, ratio / EYE_OPEN_RATIO));
}

const DEG = 180 / Math.PI;

function observe(f: FaceResult, opts: AnalyseOptions): FaceObservation {
  const a = f.rotation?.angle;
  const ann = f.annotations as Record<string, Point[] | undefined>;
  // "left"/"right" as human names them: the subject's own left and right.
  const left = eyeOpenness(ann['leftEyeUpper0'], ann['leftEyeLower0']);
  const right = eyeOpenness(ann['rightEyeUpper0'], ann['rightEyeLower0']);
  const obs: FaceObservation = {
    box: [f.box[0], f.box[1], f.box[2], f.box[3]],
    detectorScore: f.boxScore,
    // human's yaw is positive when the face turns towards the image's left edge (the subject's right when the
    // image is not mirrored); types.ts defines yaw > 0 as the subject's left, so the sign flips here.
    yawDeg: a ? -a.yaw * DEG : 0,
    pitchDeg: a ? a.pitch * DEG : 0,
    rollDeg: a ? a.roll * DEG : 0,
    eyeOpen: left !== null && right !== null ? { left, right } : null,
    antispoof: opts.passive && typeof f.real === 'number' ? f.real : null,
    liveness: opts.passive && typeof f.live === 'number' ? f.live : null,
  };
  if (opts.embed && f.embedding && f.embedding.length > 0) obs.embedding = Float32Array.from(f.embedding);
  return obs;
}

/**
 * Similarity of two FaceRes descriptors on 0..1: human's `match.similarity` formula with its defaults
 * (order 2, multiplier 25, range 0.2..0.8), without its rounding to 0.01:
 *   d = sqrt(25 · Σ (aᵢ − bᵢ)²) / 100;  s = clamp((1 − d − 0.2) / 0.6, 0, 1).
 * Identical descriptors give 1; the library's own guidance is that s > 0.5 is "probably the same person".
 */
export function descriptorSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) throw new ChipIdError('INTERNAL', `face descriptors of different lengths (${a.length}, ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  if (sum === 0) return 1;
  const d = Math.sqrt(25 * sum) / 100;
  return Math.max(0, Math.min(1, (1 - d - 0.2) / 0.6));
}

/** Runs `fn` with globalThis.fetch replaced by the runtime's (human's loader calls the global fetch). */
async function withFetch<T>(rt: FaceRuntime, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { fetch: typeof fetch };
  const saved = g.fetch;
  g.fetch = ((input: RequestInfo | URL) => rt.fetch(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)) as typeof fetch;
  try {
    return await fn();
  } finally {
    g.fetch = saved;
  }
}

export async function createFaceEngine(rt: FaceRuntime): Promise<FaceEngine> {
  const t0 = performance.now();
  // Loaded with every model on; each detect() passes the config it needs (passive models only when asked).
  const human = new rt.Human(humanConfig(rt, true));
  await withFetch(rt, async () => {
    await human.init();
    await human.load();
  });
  if (human.tf.getBackend() !== 'wasm') throw new ChipIdError('UNSUPPORTED', `face engine: backend is ${String(human.tf.getBackend())}, expected wasm`);
  const loadMs = performance.now() - t0;
  const version = human.version;
  const modelVersion = `human ${version} faceres+blazeface`;
  const plain = humanConfig(rt, false);
  const withPassive = humanConfig(rt, true);
  let busy: Promise<unknown> = Promise.resolve();
  let disposed = false;

  async function run(image: RgbImage, opts: AnalyseOptions): Promise<FrameAnalysis> {
    if (disposed) throw new ChipIdError('INTERNAL', 'face engine used after dispose');
    const { width: w, height: h, data } = image;
    if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || data.length !== w * h * 3) {
      throw new ChipIdError('PARSE_ERROR', `face image: ${w}×${h} with ${data.length} bytes is not RGB`);
    }
    const t = performance.now();
    const rgb = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) rgb[i] = data[i]!;
    const tensor = human.tf.tensor4d(rgb, [1, h, w, 3], 'int32');
    let faces: FaceObservation[];
    try {
      const res = await human.detect(tensor, opts.passive ? withPassive : plain);
      if ('error' in res && typeof (res as { error?: unknown }).error === 'string') throw new ChipIdError('INTERNAL', `face engine: ${String((res as { error: string }).error)}`);
      faces = res.face.map((f) => observe(f, opts)).sort((x, y) => y.box[2] * y.box[3] - x.box[2] * x.box[3]);
      for (const f of res.face) f.tensor?.dispose();
    } finally {
      human.tf.dispose(tensor);
    }
    const ms = performance.now() - t;
    return { faces, quality: assessQuality(faces, image, opts.kind), ms };
  }

  return {
    modelVersion,
    loadMs,
    analyse(image, opts) {
      // human keeps per-instance state between calls: one analysis at a time.
      const p = busy.then(() => run(image, opts));
      busy = p.catch(() => undefined);
      return p;
    },
    similarity: descriptorSimilarity,
    numTensors: () => human.tf.memory().numTensors,
    dispose() {
      disposed = true;
    },
  };
}

