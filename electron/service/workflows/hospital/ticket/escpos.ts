/**
 * A queue ticket as ESC/POS bytes for a 58 or 80 mm thermal printer.
 *
 * Vietnamese in 'codepage' mode uses Windows-1258 (ESC t 52 on Epson-compatible printers). That code page holds
 * the base letters (ă â ê ô ơ ư đ and capitals) and only sixteen toned letters precomposed (À Á È É Í Ó Ù Ú and
 * their small forms); every other toned letter is the base letter followed by one of its five combining tone
 * marks (0xCC grave, 0xEC acute, 0xDE tilde, 0xD2 hook above, 0xF2 dot below). The encoder maps characters one
 * to one and prints '?' for "ộ" or "ễ", so the text is first rewritten into that decomposed form here.
 * Alignment is the printer's own (ESC a 1), because it knows a combining mark takes no column; our wrapping
 * counts every code point, so a line never exceeds the paper even where a printer draws marks as columns.
 * 'raster' draws the text as an image (GS v 0, raster.ts) for printers without a usable 1258 font; the QR code
 * stays the printer's own command in both modes.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { TicketData } from './layout.js';
import { UNVERIFIED_LINE } from './layout.js';
import { rasterCommands, rasterText } from './raster.js';

export interface EscPosOptions {
  paperWidth: 58 | 80;
  mode?: 'codepage' | 'raster';
}

/** Printable dots per line at 203 dpi, and font A columns (12 dots a character). */
export const PRINT_DOTS: Record<58 | 80, number> = { 58: 384, 80: 576 };
export const COLUMNS: Record<58 | 80, number> = { 58: 32, 80: 48 };

const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
/** The toned letters Windows-1258 has as single bytes; every other one is written decomposed. */
const PRECOMPOSED_TONED = new Set(Array.from('ÀÁÈÉÍÓÙÚàáèéíóùú'));

/** Rewrites text into the characters Windows-1258 holds: base letter (with its circumflex, breve or horn) + tone mark. */
export function toCp1258Form(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const parts = Array.from(ch.normalize('NFD'));
    const tones = parts.filter((p) => TONE_MARKS.has(p));
    if (tones.length === 0 || PRECOMPOSED_TONED.has(ch)) {
      out += ch;
      continue;
    }
    const base = parts.filter((p) => !TONE_MARKS.has(p)).join('').normalize('NFC');
    out += base + tones.join('');
  }
  return out;
}

/** Greedy word wrap to `width` code points (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/u).filter((w) => w.length > 0)) {
    let w = word;
    while (Array.from(w).length > width) {
      if (cur) lines.push(cur);
      cur = '';
      const cps = Array.from(w);
      lines.push(cps.slice(0, width).join(''));
      w = cps.slice(width).join('');
    }
    const next = cur ? `${cur} ${w}` : w;
    if (Array.from(next).length > width) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

const ESC = 0x1b;
const CENTER = [ESC, 0x61, 1];

/** One piece of the ticket's text, in print order. */
interface Block {
  text: string;
  big?: boolean;
  bold?: boolean;
  /** Printed white on black in code-page mode (bold in raster mode). */
  invert?: boolean;
  /** A blank line before it. */
  gap?: boolean;
}

/** The ticket's text before and after the QR code. */
function blocks(t: TicketData): { head: Block[]; tail: Block[] } {
  const head: Block[] = [
    { text: t.hospitalName, bold: true },
    { text: 'SỐ THỨ TỰ / QUEUE NUMBER', gap: true },
    { text: t.queueLabel, big: true, bold: true },
    { text: `${t.departmentName} (${t.departmentCode})`, bold: true },
    { text: t.createdAt },
  ];
  if (t.patientLine !== null) head.push({ text: t.patientLine });
  if (t.unverified) head.push({ text: UNVERIFIED_LINE, bold: true, invert: true });
  head.push({ text: t.insurance.vi }, { text: t.insurance.en });
  const tail: Block[] = [{ text: t.visitId }];
  if (t.footer !== null) tail.push({ text: t.footer, gap: true });
  return { head, tail };
}

/** Font A height is 24 dots; the raster text is drawn at about the same size (double for the queue label). */
const RASTER_EM = 26;

export function encodeEscPos(t: TicketData, opts: EscPosOptions): Uint8Array {
  const columns = COLUMNS[opts.paperWidth];
  const raster = opts.mode === 'raster';
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, newline: '\n', feedBeforeCut: 4 });
  const put = (list: Block[]) => {
    if (raster) {
      const lines = list.flatMap((b) => [...(b.gap ? [{ text: ' ', size: RASTER_EM }] : []), { text: b.text, size: b.big ? RASTER_EM * 2.5 : RASTER_EM, bold: b.bold === true || b.invert === true }]);
      for (const cmd of rasterCommands(rasterText(lines, PRINT_DOTS[opts.paperWidth]))) e.raw(cmd);
      return;
    }
    for (const b of list) {
      if (b.gap) e.newline();
      e.size(b.big ? 2 : 1, b.big ? 2 : 1).bold(b.bold === true).invert(b.invert === true);
      for (const l of wrap(toCp1258Form(b.text), b.big ? Math.floor(columns / 2) : columns)) e.line(l);
    }
    e.size(1, 1).bold(false).invert(false);
  };
  const { head, tail } = blocks(t);
  e.initialize();
  if (!raster) e.codepage('windows1258');
  e.raw(CENTER);
  put(head);
  e.newline();
  // Module size 6 gives a ~30 mm code on 80 mm paper, 5 a ~25 mm one on 58 mm: both scan from a phone or a desk scanner.
  e.qrcode(t.visitId, { model: 2, size: opts.paperWidth === 80 ? 6 : 5, errorlevel: 'm' });
  e.raw(CENTER);
  put(tail);
  return e.cut('partial').encode();
}
