/**
 * YUV4MPEG2 (.y4m) in and out: the format of Chromium's fake camera (--use-file-for-fake-video-capture) and
 * of test videos. Header "YUV4MPEG2 W<w> H<h> F<n>:<d> [I..] [A..] [C<cs>] [X..]\n", then per frame
 * "FRAME[ params]\n" and the planes (Y, then Cb and Cr at quarter size for 4:2:0; Y only for mono).
 * Colour: BT.601 full range for C420jpeg (JFIF), limited (studio) range for C420 / C420mpeg2 / C420paldv, the
 * conventions ffmpeg and Chromium use. Hostile defaults: sizes and frame counts capped; anything else refused.
 */
import { ParseError, ChipIdError } from '../emrtd/errors.js';
import type { RgbImage } from './types.js';

export const Y4M_MAX_SIDE = 4096;
export const Y4M_MAX_FRAMES = 3_000;
/** Largest total of decoded RGB bytes (≈ 512 MiB) so a small header cannot make us allocate without bound. */
export const Y4M_MAX_RGB_BYTES = 512 * 1024 * 1024;

type Colour = '420jpeg' | '420' | 'mono';

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function readLine(b: Uint8Array, o: number, max: number): { text: string; next: number } {
  let e = o;
  while (e < b.length && b[e] !== 0x0a) {
    if (e - o > max) throw new ParseError('y4m', `header line longer than ${max} bytes at ${o}`);
    e++;
  }
  if (e >= b.length) throw new ParseError('y4m', `unterminated header line at byte ${o}`);
  let text = '';
  for (let i = o; i < e; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) throw new ParseError('y4m', `non-ASCII byte in header at ${i}`);
    text += String.fromCharCode(c);
  }
  return { text, next: e + 1 };
}

export function parseY4m(bytes: Uint8Array): { width: number; height: number; fps: number; frames: RgbImage[] } {
  const head = readLine(bytes, 0, 1024);
  const parts = head.text.split(' ');
  if (parts[0] !== 'YUV4MPEG2') throw new ParseError('y4m', 'no YUV4MPEG2 signature');
  let width = 0, height = 0, fps = 0;
  let colour: Colour = '420';
  for (const p of parts.slice(1)) {
    if (p === '') continue;
    const v = p.slice(1);
    switch (p[0]) {
      case 'W': width = /^\d{1,5}$/.test(v) ? Number(v) : -1; break;
      case 'H': height = /^\d{1,5}$/.test(v) ? Number(v) : -1; break;
      case 'F': {
        const m = /^(\d{1,6}):(\d{1,6})$/.exec(v);
        if (!m || Number(m[2]) === 0) throw new ParseError('y4m', `bad frame rate ${v}`);
        fps = Number(m[1]) / Number(m[2]);
        break;
      }
      case 'I': if (v !== 'p' && v !== '?') throw new ChipIdError('UNSUPPORTED', `y4m: interlaced video (I${v}) is not supported`); break;
      case 'C':
        if (v === '420jpeg') colour = '420jpeg';
        else if (v === '420' || v === '420mpeg2' || v === '420paldv') colour = '420';
        else if (v === 'mono') colour = 'mono';
        else throw new ChipIdError('UNSUPPORTED', `y4m: colour space C${v} is not supported (use C420jpeg, C420, C420mpeg2 or mono)`);
        break;
      case 'A': case 'X': break;
      default: throw new ParseError('y4m', `unknown header field ${p.slice(0, 16)}`);
    }
  }
  if (width < 2 || height < 2 || width > Y4M_MAX_SIDE || height > Y4M_MAX_SIDE) throw new ParseError('y4m', `bad size ${width}×${height} (2..${Y4M_MAX_SIDE})`);
  if (!(fps > 0 && fps <= 240)) throw new ParseError('y4m', 'missing or bad frame rate');
  const cw = Math.ceil(width / 2), ch = Math.ceil(height / 2);
  const ySize = width * height;
  const frameSize = colour === 'mono' ? ySize : ySize + 2 * cw * ch;
  const frames: RgbImage[] = [];
  let o = head.next;
  while (o < bytes.length) {
    if (frames.length >= Y4M_MAX_FRAMES) throw new ChipIdError('LIMIT_EXCEEDED', `y4m: more than ${Y4M_MAX_FRAMES} frames`);
    if ((frames.length + 1) * ySize * 3 > Y4M_MAX_RGB_BYTES) throw new ChipIdError('LIMIT_EXCEEDED', 'y4m: video too large to decode');
    const fl = readLine(bytes, o, 1024);
    if (fl.text !== 'FRAME' && !fl.text.startsWith('FRAME ')) throw new ParseError('y4m', `frame ${frames.length}: no FRAME marker`);
    o = fl.next;
    if (o + frameSize > bytes.length) throw new ParseError('y4m', `frame ${frames.length}: truncated (${bytes.length - o} of ${frameSize} bytes)`);
    frames.push(toRgb(bytes.subarray(o, o + frameSize), width, height, colour));
    o += frameSize;
  }
  if (frames.length === 0) throw new ParseError('y4m', 'no frames');
  return { width, height, fps, frames };
}

function toRgb(p: Uint8Array, w: number, h: number, colour: Colour): RgbImage {
  const data = new Uint8Array(w * h * 3);
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const full = colour !== '420'; // JFIF and mono: full range
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const Y = p[y * w + x]!;
      let r: number, g: number, b: number;
      if (colour === 'mono') r = g = b = Y;
      else {
        const ci = (y >> 1) * cw + (x >> 1);
        const cb = p[w * h + ci]! - 128;
        const cr = p[w * h + cw * ch + ci]! - 128;
        if (full) {
          r = Y + 1.402 * cr; g = Y - 0.344136 * cb - 0.714136 * cr; b = Y + 1.772 * cb;
        } else {
          const yy = 1.164383 * (Y - 16);
          r = yy + 1.596027 * cr; g = yy - 0.391762 * cb - 0.812968 * cr; b = yy + 2.017232 * cb;
        }
      }
      const o = (y * w + x) * 3;
      data[o] = clamp(r); data[o + 1] = clamp(g); data[o + 2] = clamp(b);
    }
  }
  return { width: w, height: h, data };
}

/** Writes frames (all the same size) as C420jpeg y4m: full-range BT.601, chroma averaged over 2×2 blocks. */
export function writeY4m(frames: readonly RgbImage[], fps: number): Uint8Array {
  const first = frames[0];
  if (!first) throw new RangeError('writeY4m: no frames');
  if (!Number.isInteger(fps) || fps < 1 || fps > 240) throw new RangeError('writeY4m: fps must be an integer 1..240');
  const { width: w, height: h } = first;
  const cw = Math.ceil(w / 2), ch = Math.ceil(h / 2);
  const header = new TextEncoder().encode(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const marker = new TextEncoder().encode('FRAME\n');
  const frameSize = w * h + 2 * cw * ch;
  const out = new Uint8Array(header.length + frames.length * (marker.length + frameSize));
  out.set(header, 0);
  let o = header.length;
  for (const f of frames) {
    if (f.width !== w || f.height !== h || f.data.length !== w * h * 3) throw new RangeError('writeY4m: frames differ in size');
    out.set(marker, o);
    o += marker.length;
    const d = f.data;
    for (let i = 0; i < w * h; i++) out[o + i] = clamp(0.299 * d[i * 3]! + 0.587 * d[i * 3 + 1]! + 0.114 * d[i * 3 + 2]!);
    for (let cy = 0; cy < ch; cy++) {
      for (let cx = 0; cx < cw; cx++) {
        let cb = 0, cr = 0, n = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const x = 2 * cx + dx, y = 2 * cy + dy;
            if (x >= w || y >= h) continue;
            const q = (y * w + x) * 3;
            const r = d[q]!, g = d[q + 1]!, b = d[q + 2]!;
            cb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
            cr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
            n++;
          }
        }
        out[o + w * h + cy * cw + cx] = clamp(cb / n);
        out[o + w * h + cw * ch + cy * cw + cx] = clamp(cr / n);
      }
    }
    o += frameSize;
  }
  return out;
}
