/**
 * Test helper: the text of an uncompressed pdfkit PDF, read the way a viewer does for copying: each TJ's glyph
 * ids looked up in the ToUnicode map of the font selected by Tf (page resources → Type0 font → ToUnicode).
 * Written from the PDF reference (ToUnicode CMaps: bfchar and bfrange, both forms), not a general parser.
 */
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function objects(pdf: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const x of pdf.matchAll(/(\d+) 0 obj\s([\s\S]*?)endobj/g)) m.set(Number(x[1]), x[2]!);
  return m;
}

const streamOf = (obj: string) => /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(obj)?.[1] ?? '';
const hexUnits = (hex: string) => Array.from({ length: hex.length / 4 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16));
const utf16 = (hex: string) => String.fromCharCode(...hexUnits(hex));

export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const p of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(p[1]!, 16), utf16(p[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(r[1]!, 16);
      const hi = parseInt(r[2]!, 16);
      const dst = r[3]!;
      if (dst.startsWith('[')) {
        const items = Array.from(dst.matchAll(/<([0-9a-fA-F]+)>/g), (x) => utf16(x[1]!));
        items.forEach((s, i) => map.set(lo + i, s));
      } else {
        const base = hexUnits(dst.slice(1, -1));
        for (let g = lo; g <= hi; g++) map.set(g, String.fromCharCode(...base.slice(0, -1), base[base.length - 1]! + (g - lo)));
      }
    }
  }
  return map;
}

/** The PDF's text lines (one per TJ), NFC. */
export function pdfText(bytes: Uint8Array): string[] {
  const pdf = latin1(bytes);
  const objs = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const obj of objs.values()) {
    const dict = /\/Font\s*<<([\s\S]*?)>>/.exec(obj)?.[1];
    if (!dict) continue;
    for (const f of dict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const fontObj = objs.get(Number(f[2]))!;
      const tu = /\/ToUnicode (\d+) 0 R/.exec(fontObj)?.[1];
      if (tu) fonts.set(f[1]!, parseToUnicode(streamOf(objs.get(Number(tu))!)));
    }
  }
  const lines: string[] = [];
  for (const obj of objs.values()) {
    const s = streamOf(obj);
    if (!/\bTJ\b/.test(s)) continue;
    let font: Map<number, string> | undefined;
    for (const op of s.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1]);
      else if (op[2] !== undefined && font) {
        const ids = Array.from(op[2].matchAll(/<([0-9a-fA-F]+)>/g)).flatMap((h) => hexUnits(h[1]!));
        lines.push(ids.map((g) => font!.get(g) ?? '\uFFFD').join('').normalize('NFC'));
      }
    }
  }
  return lines;
}
