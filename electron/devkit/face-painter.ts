/**
 * The procedural painter of the virtual card's synthetic persons (no photo of anyone, no licence): the passport
 * portraits FACE_JPEG / FACE2_JPEG (scripts/make-face.mjs → electron/devkit/assets/face.ts) and the camera
 * frames of electron/devkit/face-video.ts, with head yaw and eye openness. Pure and deterministic.
 *
 * At yaw 0 and eyes open the arithmetic is exactly the original portrait's, so make-face.mjs regenerates the
 * same bytes. Yaw: the facial features slide sideways on the head (u' = u·cos θ + depth·sin θ, nose deeper than
 * eyes), which also compresses the far side; yaw > 0 = the person turns to THEIR left, so in the (unmirrored)
 * image the features move towards the image's right edge.
 */

export type Colour = readonly number[];

export interface Person {
  name: string;
  seed: number;
  bg: Colour;
  skin: Colour;
  hair: Colour;
  iris: Colour;
  lip: Colour;
  shirt: Colour;
  collar: Colour | null;
  brow: number;
  smile: number;
  part: number;
  tilt: number;
  longHair: boolean;
  glasses: boolean;
}

/** Person A (profile portrait 1, FACE_JPEG) and person B (portrait 2, FACE2_JPEG). */
export const PERSONS: { A: Person; B: Person } = {
  A: { name: 'face', seed: 1, bg: [228, 233, 238], skin: [226, 186, 152], hair: [38, 30, 28], iris: [70, 48, 32], lip: [176, 104, 98], shirt: [44, 62, 96], collar: [242, 242, 240], brow: 2.6, smile: 0.35, part: -12, tilt: 0, longHair: false, glasses: false },
  B: { name: 'face2', seed: 2, bg: [236, 236, 230], skin: [214, 170, 136], hair: [24, 20, 22], iris: [52, 36, 26], lip: [190, 96, 104], shirt: [150, 40, 52], collar: null, brow: 1.9, smile: 0.6, part: 10, tilt: 0, longHair: true, glasses: true },
};

/** The portrait's canvas (the coordinates `paint` works in). */
export const PORTRAIT_W = 240;
export const PORTRAIT_H = 320;
const W = PORTRAIT_W;
const H = PORTRAIT_H;
/** Supersampling per axis (anti-aliasing). */
export const SS = 3;

export interface Pose {
  /** Degrees; > 0 = the person's own left. */
  yawDeg: number;
  /** 0 = closed .. 1 = open (the portrait's eyes). */
  eyeOpen: number;
}
export const NEUTRAL: Pose = { yawDeg: 0, eyeOpen: 1 };

/** Depth of the features in front of the head's vertical axis, portrait px (sets how far they slide). */
const DEPTH_EYES = 42;
const DEPTH_NOSE = 62;
const DEPTH_MOUTH = 50;
const DEPTH_EARS = 0;

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const ell = (x: number, y: number, cx: number, cy: number, rx: number, ry: number): number => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
const mix = (a: Colour, b: Colour, t: number): number[] => a.map((v, i) => v + (b[i]! - v) * t);
const shade = (c: Colour, f: number): number[] => c.map((v) => v * f);

/** Colour of one sample point for person `p`: painter's algorithm, back to front (portrait coordinates). */
export function paint(p: Person, x: number, y: number, pose: Pose = NEUTRAL): Colour {
  const turned = pose.yawDeg !== 0;
  const th = (pose.yawDeg * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  // Where a feature at depth `d` must be sampled for image x (inverse of u' = u·cos θ + d·sin θ).
  const cx = W / 2 + p.tilt * (y - 150) * 0.02;
  const fx = (d: number): number => (turned ? cx + (x - cx - d * sin) / cos : x);
  const open = pose.eyeOpen;
  // Background: light, slightly graded (ICAO: plain light background).
  let c: Colour = mix(p.bg, shade(p.bg, 0.93), y / H);
  // Long hair behind the head and shoulders.
  if (p.longHair && inEllipse(x, y, cx, 150, 74, 118) && y > 60) c = shade(p.hair, 0.85 + 0.15 * (1 - y / H));
  // Shoulders / torso.
  if (inEllipse(x, y, W / 2, 338, 132, 104)) {
    c = shade(p.shirt, 0.85 + 0.15 * (1 - Math.abs(x - W / 2) / 130));
    // Collar: V opening in skin tone, white collar edges.
    const v = Math.abs(x - W / 2);
    if (y > 240 && v < (y - 240) * 0.5 && y < 285) c = shade(p.skin, 0.92);
    else if (y > 238 && v < (y - 234) * 0.7 && v >= (y - 240) * 0.5 && y < 280 && p.collar) c = p.collar;
  }
  // Neck.
  if (Math.abs(x - cx) < 25 && y > 190 && y < 250) c = shade(p.skin, y < 215 ? 0.78 : 0.9);
  // Ears (they stay at the sides: depth 0; the near one slides behind the head outline).
  const xe = fx(DEPTH_EARS);
  if (inEllipse(xe, y, cx - 60, 145, 11, 20) || inEllipse(xe, y, cx + 60, 145, 11, 20)) c = shade(p.skin, 0.9);
  // Head: skin with soft side shading.
  const e = ell(x, y, cx, 138, 58, 76);
  if (e <= 1) {
    c = shade(p.skin, 1.02 - 0.16 * e);
    // Hair cap: above a curved hairline (the parting turns with the face).
    const xh = fx(DEPTH_EYES);
    const hairline = 92 + 0.004 * (xh - cx - p.part) ** 2;
    if (y < hairline && ell(x, y, cx, 132, 61, 80) <= 1) c = shade(p.hair, 0.9 + 0.1 * Math.sin(x / 5 + y / 9) ** 2);
    const xf = fx(DEPTH_EYES);
    // Eyebrows.
    for (const s of [-1, 1]) {
      const bx = cx + s * 23;
      const by = 118 - 0.012 * (xf - bx) ** 2 * -1 - 4;
      if (Math.abs(xf - bx) < 15 && Math.abs(y - (by + 0.02 * (xf - bx) ** 2)) < p.brow) c = shade(p.hair, 1.1);
    }
    // Eyes: white, iris, pupil, highlight; upper lid line. Closing lowers the upper lid over the eye.
    for (const s of [-1, 1]) {
      const ex = cx + s * 22;
      const ey = 134;
      if (open >= 1) {
        if (inEllipse(xf, y, ex, ey, 12, 6)) {
          c = [240, 238, 232];
          if (inEllipse(xf, y, ex, ey, 5.5, 5.5)) c = p.iris;
          if (inEllipse(xf, y, ex, ey, 2.4, 2.4)) c = [20, 15, 12];
          if (inEllipse(xf, y, ex + 1.8, ey - 1.8, 1.1, 1.1)) c = [250, 250, 250];
        } else if (inEllipse(xf, y, ex, ey - 0.8, 13, 7.2) && y < ey) c = [60, 40, 35];
      } else if (inEllipse(xf, y, ex, ey, 13, 7.2)) {
        // The lid line sits at ey + 6 − 12·open at the centre, curved like the eye.
        const lid = ey + 6 - 12 * open - 6 * (1 - open) * ((xf - ex) / 12) ** 2 * 0;
        const lower = ey + 6 * Math.sqrt(Math.max(0, 1 - ((xf - ex) / 12) ** 2));
        if (y < lid - 1.2) c = shade(p.skin, 0.93);
        else if (y < lid + 1.2) c = [60, 40, 35];
        else if (y <= lower && inEllipse(xf, y, ex, ey, 12, 6)) {
          c = [240, 238, 232];
          if (inEllipse(xf, y, ex, ey, 5.5, 5.5)) c = p.iris;
          if (inEllipse(xf, y, ex, ey, 2.4, 2.4)) c = [20, 15, 12];
        } else c = shade(p.skin, 0.97);
      }
    }
    // Glasses (second person only).
    if (p.glasses) {
      for (const s of [-1, 1]) {
        const r = ell(xf, y, cx + s * 22, 135, 17, 12);
        if (r > 0.78 && r <= 1) c = [45, 45, 50];
      }
      if (Math.abs(y - 132) < 1.5 && Math.abs(xf - cx) < 6) c = [45, 45, 50];
    }
    // Nose: shadow on one side and nostrils.
    const xn = fx(DEPTH_NOSE);
    if (Math.abs(xn - (cx + 5)) < 2.2 && y > 138 && y < 166) c = shade(p.skin, 0.86);
    if (inEllipse(xn, y, cx - 6, 168, 4, 2.5) || inEllipse(xn, y, cx + 6, 168, 4, 2.5)) c = shade(p.skin, 0.7);
    // Mouth: lips with a darker centre line; a faint smile curve.
    const xm = fx(DEPTH_MOUTH);
    const my = 187 + 0.01 * (xm - cx) ** 2 * -p.smile;
    if (Math.abs(xm - cx) < 19 && Math.abs(y - my) < 4.2) c = y < my ? p.lip : shade(p.lip, 1.08);
    if (Math.abs(xm - cx) < 19 && Math.abs(y - my) < 0.9) c = shade(p.lip, 0.55);
  }
  // Front strands of long hair over the shoulders.
  if (p.longHair && ((x < cx - 50 && x > cx - 76) || (x > cx + 50 && x < cx + 76)) && y > 110 && y < 265 && ell(x, y, cx, 138, 58, 76) > 1) {
    c = shade(p.hair, 0.9);
  }
  return c;
}

/** The passport portrait as RGBA (240×320), exactly as make-face.mjs has always drawn it. */
export function renderPortrait(p: Person, seed: number = p.seed): Uint8Array {
  const rand = mulberry32(seed);
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = paint(p, x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          r += c[0]!; g += c[1]!; b += c[2]!;
        }
      }
      const n = (rand() - 0.5) * 7; // sensor-like grain, so the JPEG has realistic entropy
      const o = (y * W + x) * 4;
      rgba[o] = Math.max(0, Math.min(255, r / (SS * SS) + n));
      rgba[o + 1] = Math.max(0, Math.min(255, g / (SS * SS) + n));
      rgba[o + 2] = Math.max(0, Math.min(255, b / (SS * SS) + n));
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

export interface FrameLayout {
  width: number;
  height: number;
  /** Frame pixels per portrait pixel. */
  scale: number;
  /** Where the portrait's centre lands in the frame, px. */
  centreX: number;
  centreY: number;
  /** Supersampling per axis (2 is enough for video). */
  ss?: number;
}

/** One camera frame (RGB) of person `p` in `pose`, grain from `rand`. */
export function renderFrame(p: Person, pose: Pose, layout: FrameLayout, rand: () => number): { width: number; height: number; data: Uint8Array } {
  const { width, height, scale, centreX, centreY } = layout;
  const ss = layout.ss ?? 2;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const px = (x + (sx + 0.5) / ss - centreX) / scale + W / 2;
          const py = (y + (sy + 0.5) / ss - centreY) / scale + H / 2;
          const c = paint(p, px, py, pose);
          r += c[0]!; g += c[1]!; b += c[2]!;
        }
      }
      const k = ss * ss;
      const n = (rand() - 0.5) * 6;
      const o = (y * width + x) * 3;
      data[o] = Math.max(0, Math.min(255, Math.round(r / k + n)));
      data[o + 1] = Math.max(0, Math.min(255, Math.round(g / k + n)));
      data[o + 2] = Math.max(0, Math.min(255, Math.round(b / k + n)));
    }
  }
  return { width, height, data };
}
