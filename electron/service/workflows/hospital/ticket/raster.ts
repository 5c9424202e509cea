/**
 * Text drawn as a 1-bit image for ESC/POS 'raster' mode: for printers whose Windows-1258 font is missing or draws
 * combining tone marks as separate characters. The glyph outlines come from the Noto Sans files the PDF uses
 * (laid out by fontkit, so marks are placed by the font's own positioning tables), flattened to line segments
 * and filled by scanline with the non-zero winding rule, sampling each dot at its centre.
 */
import { create, type Font, type PathCommand } from 'fontkit';
import { ticketFonts } from '../../../pdf-fonts.js';

export interface Bitmap {
  /** Dots per row, a multiple of 8. */
  width: number;
  height: number;
  /** Rows top to bottom, 8 dots a byte, most significant bit first; 1 = black. */
  data: Uint8Array;
}

export interface RasterLine {
  text: string;
  /** Em size in dots (203 dpi: 24 dots ≈ 3 mm). */
  size: number;
  bold?: boolean;
}

let faces: { regular: Font; bold: Font } | null = null;
function face(bold: boolean | undefined): Font {
  if (!faces) {
    const f = ticketFonts();
    faces = { regular: create(f.regular), bold: create(f.bold) };
  }
  return bold ? faces.bold : faces.regular;
}

type Edge = [x0: number, y0: number, x1: number, y1: number];

/** The outline as line segments in dot coordinates (y down), curves cut into `steps` pieces. */
function flatten(commands: PathCommand[], ox: number, oy: number, scale: number, edges: Edge[]): void {
  const steps = 8;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const X = (x: number) => ox + x * scale;
  const Y = (y: number) => oy - y * scale;
  const to = (x: number, y: number) => {
    edges.push([X(cx), Y(cy), X(x), Y(y)]);
    cx = x;
    cy = y;
  };
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') {
      if (cx !== sx || cy !== sy) to(sx, sy);
      cx = sx = a[0]!;
      cy = sy = a[1]!;
    } else if (command === 'lineTo') to(a[0]!, a[1]!);
    else if (command === 'quadraticCurveTo') {
      const [x0, y0] = [cx, cy];
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        to(u * u * x0 + 2 * u * t * a[0]! + t * t * a[2]!, u * u * y0 + 2 * u * t * a[1]! + t * t * a[3]!);
      }
    } else if (command === 'bezierCurveTo') {
      const [x0, y0] = [cx, cy];
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        const [b0, b1, b2, b3] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
        to(b0 * x0 + b1 * a[0]! + b2 * a[2]! + b3 * a[4]!, b0 * y0 + b1 * a[1]! + b2 * a[3]! + b3 * a[5]!);
      }
    } else if (cx !== sx || cy !== sy) to(sx, sy);
  }
  if (cx !== sx || cy !== sy) to(sx, sy);
}

function fill(edges: Edge[], bmp: Bitmap, top: number, height: number): void {
  const stride = bmp.width / 8;
  for (let row = top; row < top + height && row < bmp.height; row++) {
    const y = row + 0.5;
    const xs: { x: number; w: number }[] = [];
    for (const [x0, y0, x1, y1] of edges) {
      if (y0 === y1 || y < Math.min(y0, y1) || y >= Math.max(y0, y1)) continue;
      xs.push({ x: x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), w: y1 > y0 ? 1 : -1 });
    }
    xs.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < xs.length - 1; i++) {
      winding += xs[i]!.w;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(xs[i]!.x - 0.5));
      const to = Math.min(bmp.width - 1, Math.floor(xs[i + 1]!.x - 0.5));
      for (let x = from; x <= to; x++) bmp.data[row * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
}

/** Greedy wrap by measured width. */
function wrapMeasured(font: Font, text: string, scale: number, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/u).filter((w) => w.length > 0)) {
    const next = cur ? `${cur} ${word}` : word;
    if (cur && font.layout(next).advanceWidth * scale > width) {
      out.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

/** Lines of text, each centred, wrapped to `width` dots (rounded up to a multiple of 8). */
export function rasterText(lines: RasterLine[], width: number): Bitmap {
  const w = Math.ceil(width / 8) * 8;
  const laid: { font: Font; scale: number; text: string; lineHeight: number; ascent: number }[] = [];
  for (const l of lines) {
    const font = face(l.bold);
    const scale = l.size / font.unitsPerEm;
    const lineHeight = Math.ceil((font.ascent - font.descent) * scale);
    const wrapped = wrapMeasured(font, l.text.normalize('NFC'), scale, w);
    // A blank line still takes its height (the gaps between the ticket's parts).
    for (const text of wrapped.length > 0 ? wrapped : ['']) laid.push({ font, scale, text, lineHeight, ascent: font.ascent * scale });
  }
  const height = laid.reduce((h, l) => h + l.lineHeight, 0);
  const bmp: Bitmap = { width: w, height, data: new Uint8Array((w / 8) * height) };
  let top = 0;
  for (const l of laid) {
    const run = l.font.layout(l.text);
    const edges: Edge[] = [];
    let pen = (w - run.advanceWidth * l.scale) / 2 / l.scale;
    run.glyphs.forEach((g, i) => {
      const p = run.positions[i]!;
      flatten(g.path.commands, (pen + p.xOffset) * l.scale, top + l.ascent - p.yOffset * l.scale, l.scale, edges);
      pen += p.xAdvance;
    });
    fill(edges, bmp, top, l.lineHeight);
    top += l.lineHeight;
  }
  return bmp;
}

/** GS v 0 (print raster bit image), in bands so that no command exceeds what small printers buffer. */
export function rasterCommands(bmp: Bitmap, bandRows = 128): Uint8Array[] {
  const stride = bmp.width / 8;
  const out: Uint8Array[] = [];
  for (let y = 0; y < bmp.height; y += bandRows) {
    const rows = Math.min(bandRows, bmp.height - y);
    const cmd = new Uint8Array(8 + stride * rows);
    cmd.set([0x1d, 0x76, 0x30, 0, stride & 0xff, stride >> 8, rows & 0xff, rows >> 8]);
    cmd.set(bmp.data.subarray(y * stride, (y + rows) * stride), 8);
    out.push(cmd);
  }
  return out;
}
