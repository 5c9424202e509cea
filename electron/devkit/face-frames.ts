/**
 * Constructed camera frames for the face quality checks and tests: the painter's persons placed anywhere in a
 * frame at any size, an empty scene, and photometric damage (dark, bright, blurred). Pure, deterministic.
 */
import type { RgbImage } from '../face/types.js';
import { mulberry32, PERSONS, renderFrame, paint, PORTRAIT_W, PORTRAIT_H, type Pose } from './face-painter.js';

export interface Placement {
  person: 'A' | 'B';
  /** Portrait centre in the frame, px, and frame px per portrait px. */
  x: number;
  y: number;
  scale: number;
  pose?: Pose;
}

/** A frame with the given persons (later ones over earlier ones; each inside its portrait's rectangle). */
export function sceneFrame(width: number, height: number, people: readonly Placement[], seed = 1): RgbImage {
  if (people.length === 1) {
    const p = people[0]!;
    return renderFrame(PERSONS[p.person], p.pose ?? { yawDeg: 0, eyeOpen: 1 }, { width, height, scale: p.scale, centreX: p.x, centreY: p.y }, mulberry32(seed));
  }
  const rand = mulberry32(seed);
  const data = new Uint8Array(width * height * 3);
  const bg = PERSONS.A.bg;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let c: readonly number[] = bg.map((v) => v * (1 - 0.07 * (y / height)));
      for (const p of people) {
        const px = (x + 0.5 - p.x) / p.scale + PORTRAIT_W / 2;
        const py = (y + 0.5 - p.y) / p.scale + PORTRAIT_H / 2;
        if (px >= 0 && px < PORTRAIT_W && py >= 0 && py < PORTRAIT_H) c = paint(PERSONS[p.person], px, py, p.pose);
      }
      const n = (rand() - 0.5) * 6;
      const o = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) data[o + k] = Math.max(0, Math.min(255, Math.round(c[k]! + n)));
    }
  }
  return { width, height, data };
}

/** Every pixel × f + add, clamped. */
export function adjust(img: RgbImage, f: number, add = 0): RgbImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(img.data[i]! * f + add)));
  return { width: img.width, height: img.height, data };
}

/** Box blur of radius r (a (2r+1)² mean), separable. */
export function boxBlur(img: RgbImage, r: number): RgbImage {
  const { width: w, height: h } = img;
  const pass = (src: Uint8Array, dx: number, dy: number): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < 3; k++) {
          let s = 0, n = 0;
          for (let t = -r; t <= r; t++) {
            const xx = x + t * dx, yy = y + t * dy;
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            s += src[(yy * w + xx) * 3 + k]!;
            n++;
          }
          out[(y * w + x) * 3 + k] = Math.round(s / n);
        }
      }
    }
    return out;
  };
  return { width: w, height: h, data: pass(pass(img.data, 1, 0), 0, 1) };
}
