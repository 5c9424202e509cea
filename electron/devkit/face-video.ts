/**
 * Synthetic camera video of the virtual card's persons (A = portrait 1, B = portrait 2; electron/vcard/personalise.ts
 * picks the portrait by `person.face`), for Chromium's fake camera (chipid face video → .y4m) and the tests.
 * 'challenge' = a loop in which the person faces the camera, turns left, back, turns right, back and blinks, so any
 * two-step challenge passes while it loops; 'still' = one frame repeated (a photo held up to the camera).
 * Frames are unmirrored, as a camera delivers them (see electron/face/challenge.ts for the direction convention).
 */
import type { RgbImage } from '../face/types.js';
import { mulberry32, PERSONS, renderFrame, type Pose } from './face-painter.js';

export interface FaceVideoOptions {
  width?: number;
  height?: number;
  fps?: number;
}

/** The yaw reached by a turn, degrees (beyond challenge.ts's ±15° with a margin). */
export const VIDEO_TURN_DEG = 40;

/** The pose at time t (s) of the challenge loop (6 s long). */
export function challengePose(t: number): Pose {
  const seg = (a: number, b: number): number => Math.max(0, Math.min(1, (t - a) / (b - a)));
  const bump = (a: number, b: number, c: number, d: number): number => seg(a, b) - seg(c, d);
  const yaw = VIDEO_TURN_DEG * (bump(0.8, 1.4, 1.8, 2.4) - bump(2.8, 3.4, 3.8, 4.4));
  const eyeOpen = t > 5.0 && t < 5.3 ? 0 : 1;
  // A little natural sway so no two frames are alike.
  return { yawDeg: yaw + 1.5 * Math.sin(t * 2.1), eyeOpen };
}
export const CHALLENGE_LOOP_S = 6;

export function faceVideo(person: 'A' | 'B', script: 'challenge' | 'still', opts: FaceVideoOptions = {}): RgbImage[] {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const fps = opts.fps ?? 10;
  const p = PERSONS[person];
  // Face box ≈ 0.3 of the frame width: a customer about 60 cm from a counter webcam.
  const scale = (height / 480) * 1.25;
  const layout = { width, height, scale, centreX: width / 2, centreY: height / 2 + 40 * (height / 480) };
  const rand = mulberry32(p.seed * 7919);
  if (script === 'still') {
    const f = renderFrame(p, { yawDeg: 0, eyeOpen: 1 }, layout, rand);
    return Array.from({ length: fps * 2 }, () => f);
  }
  const n = Math.round(CHALLENGE_LOOP_S * fps);
  const frames: RgbImage[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / fps;
    const pose = challengePose(t);
    const sway = { ...layout, centreX: layout.centreX + 2 * Math.sin(t * 1.3), centreY: layout.centreY + 1.5 * Math.cos(t * 1.7) };
    frames.push(renderFrame(p, pose, sway, rand));
  }
  return frames;
}
