/**
 * A dashboard period as a PDF report (A4 landscape): a bar chart of the reads per bucket by verdict, then each
 * section of the export (electron/fleet/export.ts) as a table. Vietnamese text in the embedded Noto Sans.
 */
import PDFDocument from 'pdfkit';
import type { Dashboard } from '../contract/dashboard.js';
import { dashboardSections, localLabel } from '../fleet/export.js';
import { pdfBytes, pdfFonts } from './pdf-fonts.js';

const MM = 72 / 25.4;
const COLOURS = { verified: '#1b7f3b', notVerified: '#b8860b', error: '#b3261e' };

export async function dashboardPdf(d: Dashboard, opts: { title?: string; compress?: boolean } = {}): Promise<Uint8Array> {
  const f = pdfFonts();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 14 * MM, compress: opts.compress ?? true, font: f.regular as unknown as string, info: { Title: 'ChipID dashboard', Producer: 'ChipID Kiosk', Creator: 'ChipID Kiosk' } });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const tz = d.query.tzOffsetMin;
  doc.font('bold').fontSize(15).text(opts.title ?? 'BÁO CÁO QUẦY / COUNTER REPORT', left, doc.y);
  doc
    .font('regular')
    .fontSize(9)
    .text(`${localLabel(d.query.fromMs, tz)} → ${localLabel(d.query.toMs, tz)} (UTC${tz >= 0 ? '+' : ''}${tz / 60}) · ${d.source === 'central' ? 'toàn hệ thống / fleet' : 'ki-ốt này / this kiosk'}${d.query.kiosk ? ` · ${d.query.kiosk}` : ''} · tạo lúc / made ${d.generatedAt}`);
  doc.moveDown(0.5);

  // Reads per bucket, stacked by verdict.
  const chartH = 55 * MM;
  const top = doc.y;
  const n = d.reads.t.length;
  const totals = d.reads.t.map((_, i) => d.reads.verified[i]! + d.reads.notVerified[i]! + d.reads.error[i]!);
  const max = Math.max(1, ...totals);
  const barW = n === 0 ? 0 : width / n;
  doc.lineWidth(0.5).strokeColor('#888').moveTo(left, top + chartH).lineTo(left + width, top + chartH).stroke();
  for (let i = 0; i < n; i++) {
    let y = top + chartH;
    for (const [k, arr] of [['verified', d.reads.verified], ['notVerified', d.reads.notVerified], ['error', d.reads.error]] as const) {
      const h = (arr[i]! / max) * (chartH - 10);
      if (h > 0) doc.rect(left + i * barW + barW * 0.1, y - h, Math.max(0.5, barW * 0.8), h).fill(COLOURS[k]);
      y -= h;
    }
  }
  doc.fillColor('#000').font('regular').fontSize(7).text(`max ${max}`, left, top);
  doc.y = top + chartH + 4;
  doc
    .fontSize(8)
    .fillColor(COLOURS.verified)
    .text(`■ Đạt / verified ${d.totals.verified}   `, left, doc.y, { continued: true })
    .fillColor(COLOURS.notVerified)
    .text(`■ Không đạt / not verified ${d.totals.notVerified}   `, { continued: true })
    .fillColor(COLOURS.error)
    .text(`■ Lỗi / error ${d.totals.errors}`)
    .fillColor('#000');
  doc.moveDown(0.8);

  for (const s of dashboardSections(d)) {
    if (s.title.startsWith('Lượt đọc') && s.rows.length > 40) continue; // the chart above draws them; the CSV has every bucket
    const colW = width / s.header.length;
    const rowH = 11;
    if (doc.y + 3 * rowH > bottom()) doc.addPage();
    doc.font('bold').fontSize(10).text(s.title, left, doc.y);
    const row = (cells: (string | number | null)[], bold: boolean) => {
      if (doc.y + rowH > bottom()) doc.addPage();
      const y = doc.y;
      cells.forEach((c, i) => doc.font(bold ? 'bold' : 'regular').fontSize(7).text(c === null ? '—' : String(c), left + i * colW, y, { width: colW - 3, height: rowH, lineBreak: false, ellipsis: true }));
      doc.y = y + rowH;
    };
    row(s.header, true);
    if (s.rows.length === 0) row(['(không có / none)'], false);
    for (const r of s.rows.slice(0, 200)) row(r, false);
    if (s.rows.length > 200) row([`… ${s.rows.length - 200} more rows in the CSV`], false);
    doc.moveDown(0.6);
  }
  return pdfBytes(doc);
}
