/**
 * The live-face part of a check: the chip portrait's reference embedding (prepared in the background when the
 * card is read), the active challenge fed frame by frame (analysed without embedding while it runs), the best
 * frontal frame kept, and once the challenge passes the comparison of that frame with the reference, the
 * passive scores, and a same-face check of an early frame against the best one (someone swapped in after the
 * challenge started). Biometric data stays in memory here; nothing is logged.
 */
import { decodeImageAsync, encodeJpeg } from '../../../face/image.js';
import { ChallengeRun, newChallenge } from '../../../face/challenge.js';
import { prepareReference, type PreparedReference } from '../../../face/compare.js';
import { livenessResult } from '../../../face/liveness.js';
import { qualityHint } from '../../../face/quality.js';
import { thresholdFor } from '../../../face/synthetic.js';
import type { FaceThreshold } from '../../../face/threshold.js';
import type { FaceEngine, FaceQuality, FrameAnalysis, RgbImage } from '../../../face/types.js';
import type { ChallengeView, FaceResultView, LivenessView } from './contract.js';
import { sha256Hex } from './frame.js';

export type ReferenceState = 'pending' | 'ready' | 'none' | 'unusable';

interface Kept {
  img: RgbImage;
  rank: number;
}

/** Higher = a better frame to compare: quality ok first, then frontal, then a confident detection. */
function rank(q: FaceQuality): number {
  return (q.ok ? 1000 : 0) + q.detectorScore * 100 - Math.abs(q.yawDeg) - Math.abs(q.pitchDeg);
}

export interface Outcome {
  face: FaceResultView | null;
  liveness: LivenessView;
  /** The compared frame as JPEG (kept only when the setting says so) and its digest. */
  liveJpeg: Uint8Array | null;
  compareMs: number;
}

export class LiveFace {
  reference: ReferenceState;
  ref: PreparedReference | null = null;
  readonly refReady: Promise<void>;
  refMs = 0;
  run: ChallengeRun | null = null;
  quality: FaceQuality | null = null;
  hint: { vi: string; en: string } | null = null;
  frames = 0;
  framesMs = 0;
  private best: Kept | null = null;
  private early: RgbImage | null = null;
  /** What this reference is judged at (face/synthetic.ts: the virtual card's painted portraits, stricter). */
  readonly threshold: FaceThreshold;

  constructor(
    private readonly engine: () => Promise<FaceEngine>,
    readonly photo: Uint8Array | undefined,
  ) {
    this.threshold = thresholdFor(photo);
    this.reference = photo ? 'pending' : 'none';
    this.refReady = photo ? this.prepare(photo) : Promise.resolve();
  }

  private async prepare(photo: Uint8Array): Promise<void> {
    const t = performance.now();
    try {
      const engine = await this.engine();
      const img = await decodeImageAsync(photo);
      this.ref = await prepareReference(engine, img);
      this.reference = this.ref.embedding ? 'ready' : 'unusable';
    } catch {
      this.reference = 'unusable';
    }
    this.refMs = performance.now() - t;
  }

  start(rand: () => number, seconds: number, now: number): void {
    this.run = new ChallengeRun(newChallenge(rand, seconds * 1000), now);
    this.best = null;
    this.early = null;
    this.quality = null;
    this.hint = this.run.prompt();
  }

  challengeView(): ChallengeView | null {
    if (!this.run) return null;
    const s = this.run.state;
    return { steps: s.steps, step: s.step, status: s.status, startedAt: s.startedAt, deadline: s.deadline, failure: s.failure ?? null, prompt: this.run.prompt() };
  }

  /** One frame of a running challenge; true when the challenge has just ended (passed or failed). */
  async observe(img: RgbImage, at: number): Promise<boolean> {
    const run = this.run!;
    const t = performance.now();
    const engine = await this.engine();
    const a: FrameAnalysis = await engine.analyse(img, { embed: false, passive: false, kind: 'live' });
    this.frames++;
    const st = run.observe(a, at, sha256Hex(img.data));
    this.quality = a.quality;
    this.hint = run.prompt() ?? qualityHint(a.quality);
    if (a.faces.length === 1) {
      const r = rank(a.quality);
      if (a.quality.ok && this.early === null) this.early = img;
      if (!this.best || r > this.best.rank) this.best = { img, rank: r };
    }
    this.framesMs += performance.now() - t;
    return st.status !== 'running';
  }

  /** A single still image as the live face (the command line's --live IMAGE): no challenge, so liveness is not performed. */
  still(img: RgbImage): void {
    this.run = null;
    this.best = { img, rank: 0 };
    this.early = null;
  }

  /** After the challenge ends: compare the best frame with the reference and judge liveness. */
  async conclude(): Promise<Outcome> {
    const t = performance.now();
    await this.refReady;
    const engine = await this.engine();
    const st = this.run?.state ?? null;
    let passive = { antispoof: null as number | null, liveness: null as number | null };
    let face: FaceResultView | null = null;
    let liveJpeg: Uint8Array | null = null;
    let changed = false;
    if (this.best) {
      const a = await engine.analyse(this.best.img, { embed: true, passive: true, kind: 'live' });
      const main = a.faces[0];
      passive = { antispoof: main?.antispoof ?? null, liveness: main?.liveness ?? null };
      const emb = main?.embedding;
      if (this.early && this.early !== this.best.img && emb) {
        const e = await engine.analyse(this.early, { embed: true, passive: false, kind: 'live' });
        const ee = e.faces[0]?.embedding;
        changed = !ee || engine.similarity(ee, emb) < this.threshold.value;
      }
      if (this.ref?.embedding) {
        const score = emb ? engine.similarity(this.ref.embedding, emb) : 0;
        face = {
          score,
          threshold: this.threshold.value,
          match: emb !== undefined && a.quality.ok && score >= this.threshold.value,
          modelVersion: engine.modelVersion,
          targetFar: this.threshold.targetFar,
          reference: this.ref.quality,
          live: a.quality,
          ms: 0,
        };
      }
      liveJpeg = encodeJpeg(this.best.img, 85);
    }
    const challenge = st && changed && st.status === 'passed' ? { ...st, status: 'failed' as const, failure: 'LIVENESS_FACE_CHANGED' as const } : st;
    const l = livenessResult(passive, challenge);
    const liveness: LivenessView = { pass: l.pass, passive: l.passive, active: { ...l.active } };
    const compareMs = performance.now() - t;
    if (face) face.ms = compareMs;
    return { face, liveness, liveJpeg, compareMs };
  }
}
