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
 * 'raster' (the text drawn as an image, for printers without a usable 1258 font) is not built yet.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { TicketData } from './layout.js';
import { UNVERIFIED_LINE } from './layout.js';

export interface EscPosOptions {
  paperWidth: 58 | 80;
  mode?: 'codepage' | 'raster';
}

/** Font A columns: 384 dots / 12 on 58 mm paper, 576 / 12 on 80 mm. */
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

export function encodeEscPos(t: TicketData, opts: EscPosOptions): Uint8Array {
  if (opts.mode === 'raster') throw new Error('ESC/POS raster mode is not built yet: use the code-page mode or the PDF ticket');
  const columns = COLUMNS[opts.paperWidth];
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, newline: '\n', feedBeforeCut: 4 });
  const lines = (text: string, width = columns) => {
    for (const l of wrap(toCp1258Form(text), width)) e.line(l);
  };
  e.initialize().codepage('windows1258').raw(CENTER);

  e.bold(true);
  lines(t.hospitalName);
  e.bold(false).newline();
  lines('SỐ THỨ TỰ / QUEUE NUMBER');
  e.size(2, 2);
  lines(t.queueLabel, Math.floor(columns / 2));
  e.size(1, 1).bold(true);
  lines(`${t.departmentName} (${t.departmentCode})`);
  e.bold(false);
  lines(t.createdAt);
  if (t.patientLine !== null) lines(t.patientLine);
  if (t.unverified) {
    e.bold(true).invert(true);
    lines(UNVERIFIED_LINE);
    e.invert(false).bold(false);
  }
  lines(t.insurance.vi);
  lines(t.insurance.en);
  e.newline();
  // Module size 6 gives a ~30 mm code on 80 mm paper, 5 a ~25 mm one on 58 mm: both scan from a phone or a desk scanner.
  e.qrcode(t.visitId, { model: 2, size: opts.paperWidth === 80 ? 6 : 5, errorlevel: 'm' });
  e.raw(CENTER);
  lines(t.visitId);
  if (t.footer !== null) {
    e.newline();
    lines(t.footer);
  }
  return e.cut('partial').encode();
}
