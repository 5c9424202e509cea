import { describe, expect, it } from 'vitest';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { COLUMNS, PRINT_DOTS, encodeEscPos, toCp1258Form, wrap } from '../../../../../../electron/service/workflows/hospital/ticket/escpos.js';
import { ticketData, type TicketData } from '../../../../../../electron/service/workflows/hospital/ticket/layout.js';
import { decodeCp1258, readEscPos } from './cp1258.js';
import { CFG, DEPT, DEPT_PRIORITY, PATIENT, visit } from './fixtures.js';

const ticket = (over: Partial<TicketData> = {}): TicketData => ({ ...ticketData(visit(), PATIENT, DEPT, CFG), ...over });

/** Every Vietnamese vowel with every tone, both cases, and đ/Đ. */
const BASES = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const ALPHABET = [...BASES.flatMap((b) => TONES.map((t) => (b + t).normalize('NFC'))), 'đ'].flatMap((c) => [c, c.toLocaleUpperCase('vi')]);

describe('Windows-1258 text (decoded back with the code page chart)', () => {
  it('the encoder alone prints "?" for letters the code page has only decomposed (why toCp1258Form exists)', () => {
    const bytes = new ReceiptPrinterEncoder({ language: 'esc-pos' }).codepage('windows1258').text('ộ').encode();
    expect(Array.from(bytes)).toContain(0x3f);
  });

  it.each([
    ['Khám Nội', [0x4b, 0x68, 0xe1, 0x6d, 0x20, 0x4e, 0xf4, 0xf2, 0x69]],
    ['Ưu tiên', [0xdd, 0x75, 0x20, 0x74, 0x69, 0xea, 0x6e]],
    ['Nguyễn', [0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e]],
  ])('%s is the chart\u2019s bytes and decodes back', (text, bytes) => {
    const line = readEscPos(encodeEscPos(ticket({ departmentName: text }), { paperWidth: 80 })).lines.find((l) => l.text.startsWith(text));
    expect(line).toBeDefined();
    expect(Array.from(line!.raw.subarray(0, bytes.length))).toEqual(bytes);
    expect(decodeCp1258(Uint8Array.from(bytes)).normalize('NFC')).toBe(text);
  });

  it('every Vietnamese letter (73, in both cases) survives the round trip', () => {
    const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48, newline: '\n' }).codepage('windows1258');
    for (const letter of ALPHABET) e.line(toCp1258Form(letter));
    const decoded = readEscPos(e.encode()).lines.map((l) => l.text);
    expect(ALPHABET).toHaveLength(146);
    expect(decoded).toEqual(ALPHABET);
  });

  it('selects code page 52 (WPC1258) before the first non-ASCII byte', () => {
    const doc = readEscPos(encodeEscPos(ticket(), { paperWidth: 58 }));
    expect(doc.codepage).toBe(52);
    expect(doc.commands.indexOf('ESC t')).toBeLessThan(doc.commands.indexOf('LF'));
  });

  it('every line of a full ticket decodes to what the ticket says', () => {
    const t = ticketData(visit({ identitySource: 'typed' }), PATIENT, DEPT_PRIORITY, { ...CFG, fields: 'name-yob', footer: 'Vui lòng chờ gọi số' });
    const texts = readEscPos(encodeEscPos(t, { paperWidth: 80 })).lines.map((l) => l.text);
    for (const want of ['Bệnh viện Đa khoa Tỉnh', 'A007', 'Ưu tiên (UT)', '10:15 03/12/2026', 'Nguyễn Văn An · 1990', 'CHƯA XÁC THỰC / NOT VERIFIED', 'Chưa kiểm tra BHYT', 'Insurance not checked yet', 'LK261203-7QF3KD', 'Vui lòng chờ gọi số']) {
      expect(texts).toContain(want);
    }
  });
});

describe('ESC/POS ticket', () => {
  it('stores the visit id in a QR code and prints it', () => {
    const doc = readEscPos(encodeEscPos(ticket(), { paperWidth: 80 }));
    expect(doc.qr).toHaveLength(1);
    expect(new TextDecoder().decode(doc.qr[0]!.data)).toBe('LK261203-7QF3KD');
    expect(doc.commands.indexOf('QR print')).toBeGreaterThan(doc.commands.indexOf('GS ( k 80'));
  });

  it('starts with ESC @ and ends with a cut (nothing but line feeds after it)', () => {
    const doc = readEscPos(encodeEscPos(ticket(), { paperWidth: 58 }));
    expect(doc.commands[0]).toBe('ESC @');
    const cut = doc.commands.lastIndexOf('GS V');
    expect(cut).toBeGreaterThan(doc.commands.indexOf('QR print'));
    expect(doc.commands.slice(cut + 1).every((c) => c === 'LF')).toBe(true);
  });

  it('prints the queue label at double size', () => {
    const doc = readEscPos(encodeEscPos(ticket(), { paperWidth: 58 }));
    expect(doc.lines.find((l) => l.text === 'A007')?.width).toBe(2);
  });

  it.each([58, 80] as const)('no line is wider than the %i mm paper', (paperWidth) => {
    const long = 'Bệnh viện Trung ương Quân đội 108 – Cơ sở khám chữa bệnh theo yêu cầu Quận Hai Bà Trưng';
    const doc = readEscPos(encodeEscPos(ticket({ hospitalName: long, footer: long }), { paperWidth }));
    for (const l of doc.lines) expect(Array.from(l.raw).length * l.width).toBeLessThanOrEqual(COLUMNS[paperWidth]);
    // The name is all there, in order, across its lines.
    expect(doc.lines.map((l) => l.text).join(' ')).toContain(long);
  });

  it('wraps a long name into more lines on 58 mm than on 80 mm, with a smaller QR module', () => {
    const long = 'Bệnh viện Đa khoa Trung ương Cần Thơ – Khoa Khám bệnh theo yêu cầu';
    const d58 = readEscPos(encodeEscPos(ticket({ hospitalName: long }), { paperWidth: 58 }));
    const d80 = readEscPos(encodeEscPos(ticket({ hospitalName: long }), { paperWidth: 80 }));
    expect(d58.lines.length).toBeGreaterThan(d80.lines.length);
    expect(d58.qr[0]!.size).toBeLessThan(d80.qr[0]!.size!);
  });

  it.each([58, 80] as const)('raster mode on %i mm: text as full-width GS v 0 images, no code page, QR and cut kept', (paperWidth) => {
    const doc = readEscPos(encodeEscPos(ticket({ footer: 'Xin cảm ơn' }), { paperWidth, mode: 'raster' }));
    expect(doc.codepage).toBeNull();
    expect(doc.images.length).toBeGreaterThanOrEqual(2); // before and after the QR code
    for (const img of doc.images) {
      expect(img.stride * 8).toBe(PRINT_DOTS[paperWidth]);
      expect(img.rows).toBeLessThanOrEqual(128);
      expect(img.data.some((x) => x !== 0)).toBe(true);
    }
    expect(doc.lines.filter((l) => l.text.trim() !== '')).toEqual([]); // no text bytes at all
    expect(new TextDecoder().decode(doc.qr[0]!.data)).toBe('LK261203-7QF3KD');
    expect(doc.commands.lastIndexOf('GS V')).toBeGreaterThan(doc.commands.lastIndexOf('GS v 0'));
  });
});

describe('wrap', () => {
  it.each([
    ['a bb ccc', 4, ['a bb', 'ccc']],
    ['abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['  a   b  ', 10, ['a b']],
    ['', 5, []],
  ])('%j at %i', (text, width, want) => {
    expect(wrap(text, width)).toEqual(want);
  });
});
