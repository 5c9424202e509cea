import { describe, expect, it } from 'vitest';
import { ticketPdf } from '../../../../../../electron/service/workflows/hospital/ticket/pdf.js';
import { ticketData } from '../../../../../../electron/service/workflows/hospital/ticket/layout.js';
import { pdfText } from './pdftext.js';
import { CCCD, CFG, DEPT, DEPT_PRIORITY, PATIENT, visit } from './fixtures.js';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('PDF ticket', () => {
  it('is a PDF with an embedded TrueType subset of Noto Sans and a QR image, 80 mm wide', async () => {
    const pdf = await ticketPdf(ticketData(visit(), PATIENT, DEPT, CFG), { compress: false });
    const s = latin1(pdf);
    expect(s.startsWith('%PDF-')).toBe(true);
    expect(s).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(s).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/);
    expect(s).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Bold/);
    expect(s).toMatch(/\/Subtype \/Image/);
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(s);
    expect(Number(box?.[1])).toBeCloseTo((80 * 72) / 25.4, 1);
  });

  it('its text (through the ToUnicode maps) has the Vietnamese of the ticket', async () => {
    const t = ticketData(visit({ identitySource: 'qr' }), PATIENT, DEPT_PRIORITY, { ...CFG, footer: 'Xin cảm ơn quý khách' });
    const lines = await ticketPdf(t, { compress: false }).then(pdfText);
    for (const want of ['Bệnh viện Đa khoa Tỉnh', 'SỐ THỨ TỰ / QUEUE NUMBER', 'A007', 'Ưu tiên (UT)', '10:15 03/12/2026', 'N.V.A · 1990', 'CHƯA XÁC THỰC / NOT VERIFIED', 'Chưa kiểm tra BHYT', 'LK261203-7QF3KD', 'Xin cảm ơn quý khách']) {
      expect(lines).toContain(want);
    }
    expect(lines.join('')).not.toContain('\uFFFD');
  });

  it('decodes "Khám Nội" from the content stream', async () => {
    const lines = await ticketPdf(ticketData(visit(), PATIENT, DEPT, CFG), { compress: false }).then(pdfText);
    expect(lines).toContain('Khám Nội (K01)');
  });

  it("with fields 'none' it carries no name, year of birth or ID number", async () => {
    const pdf = await ticketPdf(ticketData(visit(), PATIENT, DEPT, { ...CFG, fields: 'none' }), { compress: false });
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('A007');
    for (const bad of ['Nguyễn', 'Văn', 'An ', 'N.V.A', '1990', CCCD.slice(-4)]) expect(text).not.toContain(bad);
    expect(latin1(pdf)).not.toContain(CCCD);
  });

  it('stays one page, as tall as its content, for a long hospital name and footer', async () => {
    const long = 'Bệnh viện Trung ương Quân đội 108 – Cơ sở khám chữa bệnh theo yêu cầu Quận Hai Bà Trưng, Hà Nội';
    const short = latin1(await ticketPdf(ticketData(visit(), PATIENT, DEPT, CFG), { compress: false }));
    const tall = latin1(await ticketPdf(ticketData(visit(), PATIENT, DEPT, { ...CFG, hospitalName: long, footer: long }), { compress: false }));
    expect(tall.match(/\/Type \/Page\b/g)).toHaveLength(1);
    const height = (s: string) => Number(/\/MediaBox \[0 0 [\d.]+ ([\d.]+)\]/.exec(s)?.[1]);
    expect(height(tall)).toBeGreaterThan(height(short));
  });

  it('is compressed by default', async () => {
    const s = latin1(await ticketPdf(ticketData(visit(), PATIENT, DEPT, CFG)));
    expect(s.startsWith('%PDF-')).toBe(true);
    expect(s).toContain('/FlateDecode');
  });
});
