/**
 * Test helpers: Windows-1258 decoding and a small ESC/POS reader, written from the public code page chart and
 * the ESC/POS command reference (facts, not code). The upper half of the code page as the chart lists it;
 * undefined positions are null.
 */
const HIGH: (number | null)[] = [
  // 0x80–0x9F
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, null, 0x2039, 0x0152, null, null, null,
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, null, 0x203a, 0x0153, null, null, 0x0178,
  // 0xA0–0xBF: as ISO-8859-1
  ...Array.from({ length: 32 }, (_, i) => 0xa0 + i),
  // 0xC0–0xCF: À Á Â Ă Ä Å Æ Ç È É Ê Ë (combining grave) Í Î Ï
  0xc0, 0xc1, 0xc2, 0x0102, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0x0300, 0xcd, 0xce, 0xcf,
  // 0xD0–0xDF: Đ Ñ (combining hook above) Ó Ô Ơ Ö × Ø Ù Ú Û Ü Ư (combining tilde) ß
  0x0110, 0xd1, 0x0309, 0xd3, 0xd4, 0x01a0, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0x01af, 0x0303, 0xdf,
  // 0xE0–0xEF: à á â ă ä å æ ç è é ê ë (combining acute) í î ï
  0xe0, 0xe1, 0xe2, 0x0103, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0x0301, 0xed, 0xee, 0xef,
  // 0xF0–0xFF: đ ñ (combining dot below) ó ô ơ ö ÷ ø ù ú û ü ư ₫ ÿ
  0x0111, 0xf1, 0x0323, 0xf3, 0xf4, 0x01a1, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0x01b0, 0x20ab, 0xff,
];

export function decodeCp1258(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b < 0x80) s += String.fromCharCode(b);
    else {
      const cp = HIGH[b - 0x80];
      if (cp === null || cp === undefined) throw new Error(`byte 0x${b.toString(16)} is undefined in Windows-1258`);
      s += String.fromCodePoint(cp);
    }
  }
  return s;
}

export interface EscPosDoc {
  /** Printed lines, decoded as Windows-1258 (NFC), each with the widest character size used on it. */
  lines: { text: string; raw: Uint8Array; width: number }[];
  /** Commands in order, by name. */
  commands: string[];
  /** Data stored for QR codes (GS ( k, fn 80). */
  qr: { data: Uint8Array; size: number | null }[];
  codepage: number | null;
  /** Raster images (GS v 0): bytes per row, rows, data. */
  images: { stride: number; rows: number; data: Uint8Array }[];
}

/** Reads the commands our tickets use; throws on anything else so that a new command is noticed. */
export function readEscPos(b: Uint8Array): EscPosDoc {
  const doc: EscPosDoc = { lines: [], commands: [], qr: [], codepage: null, images: [] };
  let text: number[] = [];
  let width = 1;
  let lineWidth = 1;
  let qrSize: number | null = null;
  let i = 0;
  const flush = () => {
    const raw = Uint8Array.from(text);
    doc.lines.push({ text: decodeCp1258(raw).normalize('NFC'), raw, width: lineWidth });
    text = [];
    lineWidth = width;
  };
  while (i < b.length) {
    const c = b[i]!;
    const n1 = b[i + 1];
    if (c === 0x0a) {
      flush();
      doc.commands.push('LF');
      i += 1;
    } else if ((c === 0x1b && n1 === 0x40) || (c === 0x1c && n1 === 0x2e)) {
      doc.commands.push(c === 0x1b ? 'ESC @' : 'FS .');
      i += 2;
    } else if (c === 0x1b && (n1 === 0x4d || n1 === 0x61 || n1 === 0x45 || n1 === 0x74 || n1 === 0x64)) {
      if (n1 === 0x74) doc.codepage = b[i + 2]!;
      doc.commands.push(`ESC ${String.fromCharCode(n1)}`);
      i += 3;
    } else if (c === 0x1d && n1 === 0x21) {
      width = (b[i + 2]! >> 4) + 1;
      if (text.length === 0) lineWidth = width;
      doc.commands.push('GS !');
      i += 3;
    } else if (c === 0x1d && n1 === 0x42) {
      doc.commands.push('GS B');
      i += 3;
    } else if (c === 0x1d && n1 === 0x56) {
      doc.commands.push('GS V');
      i += b[i + 2] === 65 || b[i + 2] === 66 ? 4 : 3; // GS V m, or GS V m n (feed and cut)
    } else if (c === 0x1d && n1 === 0x28 && b[i + 2] === 0x6b) {
      const len = b[i + 3]! + 256 * b[i + 4]!;
      const body = b.subarray(i + 5, i + 5 + len);
      const [cn, fn] = [body[0], body[1]];
      if (cn === 0x31 && fn === 0x43) qrSize = body[2]!;
      if (cn === 0x31 && fn === 0x50) doc.qr.push({ data: body.subarray(3), size: qrSize });
      doc.commands.push(cn === 0x31 && fn === 0x51 ? 'QR print' : `GS ( k ${fn}`);
      i += 5 + len;
    } else if (c === 0x1d && n1 === 0x76 && b[i + 2] === 0x30) {
      const stride = b[i + 4]! + 256 * b[i + 5]!;
      const rows = b[i + 6]! + 256 * b[i + 7]!;
      doc.images.push({ stride, rows, data: b.subarray(i + 8, i + 8 + stride * rows) });
      doc.commands.push('GS v 0');
      i += 8 + stride * rows;
    } else if (c < 0x20) throw new Error(`unexpected control byte 0x${c.toString(16)} at ${i}`);
    else {
      lineWidth = Math.max(lineWidth, width);
      text.push(c);
      i += 1;
    }
  }
  if (text.length > 0) flush();
  return doc;
}
