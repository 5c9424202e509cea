#!/usr/bin/env node
/**
 * Draws two synthetic, licence-free passport-style portraits procedurally (no photo, no person) and writes
 *   electron/devkit/assets/face.jpg, face2.jpg  — for looking at
 *   electron/devkit/assets/face.ts              — FACE_JPEG / FACE2_JPEG as Uint8Array (pure, base64)
 * The painter is electron/devkit/face-painter.ts (bundled here with esbuild). Deterministic: same output on every run. Usage: node scripts/make-face.mjs
 */
import { writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import jpeg from 'jpeg-js';

/** The painter lives in electron/devkit/face-painter.ts (also used for the synthetic camera video): bundle it. */
const tmp = mkdtempSync(join(tmpdir(), 'make-face-'));
const painterJs = join(tmp, 'face-painter.mjs');
await build({ entryPoints: [fileURLToPath(new URL('../electron/devkit/face-painter.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: painterJs, logLevel: 'warning' });
const { PERSONS, PORTRAIT_W: W, PORTRAIT_H: H, renderPortrait } = await import(pathToFileURL(painterJs).href);
rmSync(tmp, { recursive: true, force: true });
const OUT = fileURLToPath(new URL('../electron/devkit/assets/', import.meta.url));

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

const PEOPLE = [PERSONS.A, PERSONS.B];

mkdirSync(OUT, { recursive: true });
const consts = [];
for (const p of PEOPLE) {
  const { q, data } = encodeSized(renderPortrait(p, p.seed));
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
