#!/usr/bin/env node
/**
 * Draws two synthetic, licence-free passport-style portraits procedurally (no photo, no person) and writes
 *   electron/devkit/assets/face.jpg, face2.jpg  — for looking at
 *   electron/devkit/assets/face.ts              — FACE_JPEG / FACE2_JPEG as Uint8Array (pure, base64)
 * Deterministic: same output on every run. Usage: node scripts/make-face.mjs
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';

const W = 240;
const H = 320;
const SS = 3; // supersampling per axis (anti-aliasing)
const OUT = fileURLToPath(new URL('../electron/devkit/assets/', import.meta.url));

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const ell = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const shade = (c, f) => c.map((v) => v * f);

/** Colour of one sample point for person `p`: painter's algorithm, back to front. */
function paint(p, x, y) {
  // Background: light, slightly graded (ICAO: plain light background).
  let c = mix(p.bg, shade(p.bg, 0.93), y / H);
  const cx = W / 2 + p.tilt * (y - 150) * 0.02;
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
  // Ears.
  if (inEllipse(x, y, cx - 60, 145, 11, 20) || inEllipse(x, y, cx + 60, 145, 11, 20)) c = shade(p.skin, 0.9);
  // Head: skin with soft side shading.
  const e = ell(x, y, cx, 138, 58, 76);
  if (e <= 1) {
    c = shade(p.skin, 1.02 - 0.16 * e);
    // Hair cap: above a curved hairline.
    const hairline = 92 + 0.004 * (x - cx - p.part) ** 2;
    if (y < hairline && ell(x, y, cx, 132, 61, 80) <= 1) c = shade(p.hair, 0.9 + 0.1 * Math.sin(x / 5 + y / 9) ** 2);
    // Eyebrows.
    for (const s of [-1, 1]) {
      const bx = cx + s * 23;
      const by = 118 - 0.012 * (x - bx) ** 2 * -1 - 4;
      if (Math.abs(x - bx) < 15 && Math.abs(y - (by + 0.02 * (x - bx) ** 2)) < p.brow) c = shade(p.hair, 1.1);
    }
    // Eyes: white, iris, pupil, highlight; upper lid line.
    for (const s of [-1, 1]) {
      const ex = cx + s * 22;
      const ey = 134;
      if (inEllipse(x, y, ex, ey, 12, 6)) {
        c = [240, 238, 232];
        if (inEllipse(x, y, ex, ey, 5.5, 5.5)) c = p.iris;
        if (inEllipse(x, y, ex, ey, 2.4, 2.4)) c = [20, 15, 12];
        if (inEllipse(x, y, ex + 1.8, ey - 1.8, 1.1, 1.1)) c = [250, 250, 250];
      } else if (inEllipse(x, y, ex, ey - 0.8, 13, 7.2) && y < ey) c = [60, 40, 35];
    }
    // Glasses (second person only).
    if (p.glasses) {
      for (const s of [-1, 1]) {
        const r = ell(x, y, cx + s * 22, 135, 17, 12);
        if (r > 0.78 && r <= 1) c = [45, 45, 50];
      }
      if (Math.abs(y - 132) < 1.5 && Math.abs(x - cx) < 6) c = [45, 45, 50];
    }
    // Nose: shadow on one side and nostrils.
    if (Math.abs(x - (cx + 5)) < 2.2 && y > 138 && y < 166) c = shade(p.skin, 0.86);
    if (inEllipse(x, y, cx - 6, 168, 4, 2.5) || inEllipse(x, y, cx + 6, 168, 4, 2.5)) c = shade(p.skin, 0.7);
    // Mouth: lips with a darker centre line; a faint smile curve.
    const my = 187 + 0.01 * (x - cx) ** 2 * -p.smile;
    if (Math.abs(x - cx) < 19 && Math.abs(y - my) < 4.2) c = y < my ? p.lip : shade(p.lip, 1.08);
    if (Math.abs(x - cx) < 19 && Math.abs(y - my) < 0.9) c = shade(p.lip, 0.55);
  }
  // Front strands of long hair over the shoulders.
  if (p.longHair && ((x < cx - 50 && x > cx - 76) || (x > cx + 50 && x < cx + 76)) && y > 110 && y < 265 && ell(x, y, cx, 138, 58, 76) > 1) {
    c = shade(p.hair, 0.9);
  }
  return c;
}

function render(p, seed) {
  const rand = rng(seed);
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = paint(p, x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          r += c[0]; g += c[1]; b += c[2];
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

/** Picks the highest JPEG quality whose file stays within [10 KiB, 16 KiB] (or the closest below 16 KiB). */
function encodeSized(rgba) {
  let best;
  for (let q = 95; q >= 20; q -= 1) {
    const data = new Uint8Array(jpeg.encode({ data: rgba, width: W, height: H }, q).data);
    best = { q, data };
    if (data.length <= 16 * 1024) break;
  }
  return best;
}

const PEOPLE = [
  { name: 'face', seed: 1, bg: [228, 233, 238], skin: [226, 186, 152], hair: [38, 30, 28], iris: [70, 48, 32], lip: [176, 104, 98], shirt: [44, 62, 96], collar: [242, 242, 240], brow: 2.6, smile: 0.35, part: -12, tilt: 0, longHair: false, glasses: false },
  { name: 'face2', seed: 2, bg: [236, 236, 230], skin: [214, 170, 136], hair: [24, 20, 22], iris: [52, 36, 26], lip: [190, 96, 104], shirt: [150, 40, 52], collar: null, brow: 1.9, smile: 0.6, part: 10, tilt: 0, longHair: true, glasses: true },
];

mkdirSync(OUT, { recursive: true });
const consts = [];
for (const p of PEOPLE) {
  const { q, data } = encodeSized(render(p, p.seed));
  writeFileSync(OUT + `${p.name}.jpg`, data);
  const b64 = Buffer.from(data).toString('base64');
  const chunks = b64.match(/.{1,1000}/g).map((c) => `  '${c}'`).join(',\n');
  const id = p.name === 'face' ? 'FACE_JPEG' : 'FACE2_JPEG';
  consts.push(`/** ${p.name}.jpg: ${W}×${H}, ${data.length} bytes, jpeg-js quality ${q}. */\nexport const ${id}: Uint8Array = base64Decode(\n  [\n${chunks},\n  ].join(''),\n);\n`);
  process.stdout.write(`${p.name}.jpg ${W}x${H} q=${q} ${data.length} bytes\n`);
}
const ts = `/**
 * Synthetic portraits for the virtual card, drawn procedurally by scripts/make-face.mjs (no photo of anyone,
 * no licence). GENERATED — edit the script, not this file. Pure: decoded from base64 at load, no Buffer.
 */
import { base64Decode } from '../../emrtd/base64.js';

export const FACE_WIDTH = ${W};
export const FACE_HEIGHT = ${H};

${consts.join('\n')}`;
writeFileSync(OUT + 'face.ts', ts);
