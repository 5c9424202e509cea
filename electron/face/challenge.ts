/**
 * The active liveness challenge: two steps drawn from turn-left / turn-right / blink, in random order, within a
 * time limit. A step passes on a clear change from the neutral baseline measured in the first frames, and a
 * return to it: a turn = yaw beyond ±TURN_DEG in the asked direction, then back within RETURN_DEG of neutral;
 * a blink = both eyes open, then both closed, then both open.
 *
 * Direction convention: frames are analysed as the camera delivers them, NOT mirrored (a selfie preview on the
 * screen may be mirrored for the customer; the frames sent for analysis must not be). "turn-left" means the
 * customer turns their head to THEIR left; in an unmirrored frame their nose then moves towards the image's
 * right edge, and engine.ts reports yawDeg > 0 (types.ts). A mirrored frame would swap the two turns.
 *
 * Fails: LIVENESS_TIMEOUT past the deadline; LIVENESS_STILL_IMAGE when STILL_FRAMES frames in a row are
 * identical (same digest) or show no natural movement (a photo or a still screen held up);
 * LIVENESS_FACE_LOST when no face is seen for FACE_LOST_MS; LIVENESS_FACE_CHANGED when the face box jumps
 * between consecutive frames (someone else stepped in). The desk also compares the embedding of the final
 * frame with the reference, which catches a swap this box continuity misses.
 */
import type { ChallengeSpec, ChallengeState, ChallengeStep, FrameAnalysis, LivenessCode } from './types.js';
import { CHALLENGE_STEPS } from './types.js';

/** Yaw change from neutral that counts as a turn, and the band around neutral that counts as back, degrees. */
export const TURN_DEG = 15;
export const RETURN_DEG = 8;
/**
 * Eye openness (engine.ts, 0..1) above which an eye is open and below which it is closed. On the painter's
 * frames open eyes read 0.92–1, closed ones 0.20–0.38 (raw gap/width 0.41+ and 0.09–0.17).
 */
export const EYE_OPEN = 0.75;
export const EYE_CLOSED = 0.5;
/** Frames with a face used for the neutral baseline (median yaw). */
export const BASELINE_FRAMES = 3;
/** Consecutive frames without natural change that mean a still picture. */
export const STILL_FRAMES = 12;
/** Largest change of the box (px) and yaw (°) between frames that still counts as "no movement". */
export const STILL_BOX_PX = 0.5;
export const STILL_YAW_DEG = 0.2;
/** How long the face may be missing before the challenge fails, ms. */
export const FACE_LOST_MS = 2_000;
/** Box centre jump between consecutive frames, as a fraction of the box width, that means a different face. */
export const FACE_JUMP_RATIO = 0.6;

export function newChallenge(rand: () => number, timeLimitMs = 20_000): ChallengeSpec {
  const pool = [...CHALLENGE_STEPS];
  const steps: ChallengeStep[] = [];
  for (let i = 0; i < 2; i++) {
    const k = Math.min(pool.length - 1, Math.floor(rand() * pool.length));
    steps.push(pool.splice(k, 1)[0]!);
  }
  return { steps, timeLimitMs };
}

const PROMPTS: Record<ChallengeStep, { vi: string; en: string }> = {
  'turn-left': { vi: 'Từ từ quay mặt sang trái, rồi nhìn lại camera.', en: 'Slowly turn your head to your left, then look back at the camera.' },
  'turn-right': { vi: 'Từ từ quay mặt sang phải, rồi nhìn lại camera.', en: 'Slowly turn your head to your right, then look back at the camera.' },
  blink: { vi: 'Chớp mắt một lần.', en: 'Blink once.' },
};
const LOOK: { vi: string; en: string } = { vi: 'Nhìn thẳng vào camera.', en: 'Look straight at the camera.' };

type Phase = 'wait' | 'out' | 'closed';

export class ChallengeRun {
  #state: ChallengeState;
  #yaws: number[] = [];
  #base: number | null = null;
  #phase: Phase = 'wait';
  #lastFaceAt: number;
  #lastBox: [number, number, number, number] | null = null;
  #lastYaw = 0;
  #lastDigest = '';
  #still = 0;

  constructor(spec: ChallengeSpec, startedAt: number) {
    this.#state = { status: 'running', step: 0, steps: [...spec.steps], startedAt, deadline: startedAt + spec.timeLimitMs };
    this.#lastFaceAt = startedAt;
  }

  get state(): ChallengeState {
    return { ...this.#state, steps: [...this.#state.steps] };
  }

  /** What to tell the customer now; null once the challenge has ended. */
  prompt(): { vi: string; en: string } | null {
    const s = this.#state;
    if (s.status !== 'running') return null;
    if (this.#base === null) return LOOK;
    return PROMPTS[s.steps[s.step]!];
  }

  #fail(code: LivenessCode, at: number): ChallengeState {
    this.#state = { ...this.#state, status: 'failed', failure: code, endedAt: at };
    return this.state;
  }

  /** Feeds one analysed frame taken at `at` (ms, same clock as startedAt); `frameDigest` = a hash of its pixels. */
  observe(frame: FrameAnalysis, at: number, frameDigest: string): ChallengeState {
    if (this.#state.status !== 'running') return this.state;
    if (at > this.#state.deadline) return this.#fail('LIVENESS_TIMEOUT', at);
    const face = frame.faces[0];
    if (!face) {
      if (at - this.#lastFaceAt > FACE_LOST_MS) return this.#fail('LIVENESS_FACE_LOST', at);
      this.#lastBox = null;
      return this.state;
    }
    // Still picture: identical frames, or frames where neither the box nor the pose moves at all.
    const box = face.box;
    const moved = this.#lastBox === null || Math.max(...box.map((v, i) => Math.abs(v - this.#lastBox![i]!))) > STILL_BOX_PX || Math.abs(face.yawDeg - this.#lastYaw) > STILL_YAW_DEG;
    const same = frameDigest === this.#lastDigest;
    this.#still = same || !moved ? this.#still + 1 : 0;
    if (this.#still >= STILL_FRAMES) return this.#fail('LIVENESS_STILL_IMAGE', at);
    // A different face: the box jumps between consecutive frames.
    if (this.#lastBox !== null && at - this.#lastFaceAt < 1_000) {
      const [x0, y0, w0, h0] = this.#lastBox;
      const jump = Math.hypot(box[0] + box[2] / 2 - (x0 + w0 / 2), box[1] + box[3] / 2 - (y0 + h0 / 2));
      if (jump > FACE_JUMP_RATIO * w0 || box[2] > 1.8 * w0 || box[2] < w0 / 1.8) return this.#fail('LIVENESS_FACE_CHANGED', at);
    }
    this.#lastBox = [box[0], box[1], box[2], box[3]];
    this.#lastYaw = face.yawDeg;
    this.#lastDigest = frameDigest;
    this.#lastFaceAt = at;
    if (this.#base === null) {
      this.#yaws.push(face.yawDeg);
      if (this.#yaws.length >= BASELINE_FRAMES) this.#base = [...this.#yaws].sort((a, b) => a - b)[Math.floor(this.#yaws.length / 2)]!;
      return this.state;
    }
    if (this.#stepDone(this.#state.steps[this.#state.step]!, face.yawDeg - this.#base, face.eyeOpen)) {
      const step = this.#state.step + 1;
      this.#phase = 'wait';
      this.#state = step >= this.#state.steps.length ? { ...this.#state, step, status: 'passed', endedAt: at } : { ...this.#state, step };
    }
    return this.state;
  }

  #stepDone(step: ChallengeStep, dyaw: number, eyes: { left: number; right: number } | null): boolean {
    if (step === 'blink') {
      if (!eyes) return false;
      const open = eyes.left >= EYE_OPEN && eyes.right >= EYE_OPEN;
      const closed = eyes.left <= EYE_CLOSED && eyes.right <= EYE_CLOSED;
      if (this.#phase === 'wait' && open) this.#phase = 'out';
      else if (this.#phase === 'out' && closed) this.#phase = 'closed';
      else if (this.#phase === 'closed' && open) return true;
      return false;
    }
    const sign = step === 'turn-left' ? 1 : -1;
    if (this.#phase === 'wait' && sign * dyaw > TURN_DEG) this.#phase = 'out';
    else if (this.#phase === 'out' && Math.abs(dyaw) < RETURN_DEG) return true;
    return false;
  }
}
