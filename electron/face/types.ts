/**
 * Face matching for the bank counter: what the face layer takes and gives. Pure (no node:*, no electron, no
 * DOM): the same code serves the service (Node, WASM), the command line and the tests; the model runtime and
 * the way its weights are read are injected (see engine.ts and, for Node, electron/service/face-node.ts).
 *
 * Personal data: images and embeddings are biometric data. Never log them, nor anything derived that could
 * single a person out (embeddings, landmarks); scores, timings and quality codes may be logged.
 */

/** An image as RGB bytes, row-major, 3 bytes per pixel (no alpha), `data.length === width * height * 3`. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Why a frame is not good enough to compare (each has a VN/EN hint in quality.ts that says what to do). */
export const QUALITY_CODES = [
  'FACE_NONE',
  'FACE_MANY',
  'FACE_TOO_SMALL',
  'FACE_OFF_CENTRE',
  'FACE_POSE',
  'FACE_BLUR',
  'FACE_DARK',
  'FACE_BRIGHT',
  'FACE_LOW_CONFIDENCE',
] as const;
export type QualityCode = (typeof QUALITY_CODES)[number];

/** The measured quality of the main face of a frame, and the checks it failed (empty when `ok`). */
export interface FaceQuality {
  ok: boolean;
  failed: QualityCode[];
  faceCount: number;
  /** Detector confidence of the main face, 0..1 (0 when there is none). */
  detectorScore: number;
  /** Width of the face box in pixels, and as a fraction of the image width. */
  faceWidthPx: number;
  faceWidthRatio: number;
  /** Head pose in degrees (0 = facing the camera); yaw > 0 = the person turned to their left. */
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  /** Variance of the Laplacian of the face region (grey levels²): low = blurred. */
  sharpness: number;
  /** Mean grey level of the face region (0..255). */
  brightness: number;
}

/** One face as the model sees it. The embedding is biometric data: never log or store it in clear. */
export interface FaceObservation {
  /** [x, y, width, height] in pixels of the analysed image. */
  box: [number, number, number, number];
  detectorScore: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  /** How open each eye is, 0 (closed) .. 1 (wide open); null when the mesh gave no eyes. */
  eyeOpen: { left: number; right: number } | null;
  /** Passive presentation-attack scores of the library, 0..1 (1 = real / live); null when not run. */
  antispoof: number | null;
  liveness: number | null;
  /** Present when the analysis was asked to embed. */
  embedding?: Float32Array;
}

export interface FrameAnalysis {
  faces: FaceObservation[];
  /** Quality of the main (largest) face; computed even when there is no face (then not ok). */
  quality: FaceQuality;
  /** Time the model took for this frame, ms. */
  ms: number;
}

export interface AnalyseOptions {
  /** Compute the embedding of the main face (costs ~80 ms; not needed for live hints). */
  embed: boolean;
  /** Run the passive anti-spoofing and liveness models on the main face. */
  passive: boolean;
  /**
   * 'reference' = the chip's DG2 portrait (small, maybe grey; pose and centring are not judged),
   * 'live' = a camera frame (all checks).
   */
  kind: 'reference' | 'live';
}

/** The face model, loaded once per process. */
export interface FaceEngine {
  /** e.g. 'human 3.3.6 / faceres' — goes into every record and receipt. */
  readonly modelVersion: string;
  /** How long loading the models took, ms (reported by the bench, separately from comparisons). */
  readonly loadMs: number;
  analyse(image: RgbImage, opts: AnalyseOptions): Promise<FrameAnalysis>;
  /** Similarity of two embeddings, 0..1 (higher = more alike); the threshold (threshold.ts) is on this scale. */
  similarity(a: Float32Array, b: Float32Array): number;
  /** Live tensors of the model runtime (the leak test and the bench watch it stay flat). */
  numTensors(): number;
  dispose(): void;
}

/** The result of comparing a reference (DG2) face with a live face. */
export interface FaceComparison {
  score: number;
  threshold: number;
  match: boolean;
  modelVersion: string;
  reference: FaceQuality;
  live: FaceQuality;
  /** End-to-end time (decode, detect, embed, compare), ms. */
  ms: number;
}

/** The active challenge's steps. */
export const CHALLENGE_STEPS = ['turn-left', 'turn-right', 'blink'] as const;
export type ChallengeStep = (typeof CHALLENGE_STEPS)[number];

/** Why a liveness check failed (each has a VN/EN message in liveness.ts). */
export const LIVENESS_CODES = [
  'LIVENESS_TIMEOUT',
  'LIVENESS_STILL_IMAGE',
  'LIVENESS_FACE_LOST',
  'LIVENESS_FACE_CHANGED',
  'LIVENESS_PASSIVE_FAILED',
  'LIVENESS_NOT_PERFORMED',
] as const;
export type LivenessCode = (typeof LIVENESS_CODES)[number];

export interface ChallengeSpec {
  steps: ChallengeStep[];
  /** Time for the whole challenge from its start, ms. */
  timeLimitMs: number;
}

export interface ChallengeState {
  status: 'running' | 'passed' | 'failed';
  /** Index of the step being asked for (steps.length when all are done). */
  step: number;
  steps: ChallengeStep[];
  startedAt: number;
  deadline: number;
  /** When the challenge passed or failed (the clock of observe()), absent while running. */
  endedAt?: number;
  failure?: LivenessCode;
}

/** What is recorded of the presentation-attack checks (part of the check's record and of the receipt). */
export interface LivenessResult {
  pass: boolean;
  passive: { antispoof: number | null; liveness: number | null; threshold: number; pass: boolean };
  active: { steps: ChallengeStep[]; status: 'passed' | 'failed' | 'not_performed'; ms: number | null; failure?: LivenessCode };
}
