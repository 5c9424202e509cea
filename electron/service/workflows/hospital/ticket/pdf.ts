/**
 * A queue ticket as a one-page PDF, 80 mm wide (the roll's width, so it also prints on a thermal printer's
 * driver) and as tall as its content. Vietnamese needs a font with every precomposed letter: Noto Sans (SIL
 * Open Font License 1.1, see docs/printing.md; found by fonts.ts) is embedded as a subset, with the ToUnicode map pdfkit writes,
 * so the text can be searched and copied. The QR code holds the visit id only.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TicketData } from './layout.js';
import { UNVERIFIED_LINE } from './layout.js';
import { pdfBytes, ticketFonts } from '../../../pdf-fonts.js';

export { ticketFonts } from '../../../pdf-fonts.js';

const MM = 72 / 25.4;
const WIDTH = 80 * MM;
const MARGIN = 4 * MM;
const CONTENT = WIDTH - 2 * MARGIN;
const QR_SIZE = 32 * MM;

interface Row {
  text: string;
  font: 'regular' | 'bold';
  size: number;
  gap: number;
}

function rows(t: TicketData): Row[] {
  const r: Row[] = [
    { text: t.hospitalName, font: 'bold', size: 11, gap: 6 },
    { text: 'SỐ THỨ TỰ / QUEUE NUMBER', font: 'regular', size: 8, gap: 0 },
    { text: t.queueLabel, font: 'bold', size: 40, gap: 2 },
    { text: `${t.departmentName} (${t.departmentCode})`, font: 'bold', size: 13, gap: 4 },
    { text: t.createdAt, font: 'regular', size: 9, gap: 4 },
  ];
  if (t.patientLine !== null) r.push({ text: t.patientLine, font: 'regular', size: 10, gap: 4 });
  if (t.unverified) r.push({ text: UNVERIFIED_LINE, font: 'bold', size: 10, gap: 4 });
  r.push({ text: t.insurance.vi, font: 'regular', size: 9, gap: 0 }, { text: t.insurance.en, font: 'regular', size: 9, gap: 6 });
  return r;
}

/** `compress: false` leaves the streams readable (tests decode the text through the ToUnicode map). */
export async function ticketPdf(t: TicketData, opts: { compress?: boolean } = {}): Promise<Uint8Array> {
  const f = ticketFonts();
  const qr = await QRCode.toBuffer(t.visitId, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 });
  // The first font given is the document's default, so pdfkit never loads its Helvetica metrics file (pdfkit
  // takes a Buffer there, its types say string).
  const doc = new PDFDocument({ autoFirstPage: false, compress: opts.compress ?? true, font: f.regular as unknown as string, info: { Title: `Phiếu ${t.queueLabel}`, Producer: 'ChipID Kiosk', Creator: 'ChipID Kiosk' } });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);

  const body = rows(t);
  const tail: Row[] = [{ text: t.visitId, font: 'regular', size: 9, gap: 4 }];
  if (t.footer !== null) tail.push({ text: t.footer, font: 'regular', size: 8, gap: 0 });
  const heightOf = (r: Row) => doc.font(r.font).fontSize(r.size).heightOfString(r.text, { width: CONTENT, align: 'center' }) + r.gap;
  const height = MARGIN * 2 + [...body, ...tail].reduce((h, r) => h + heightOf(r), 0) + QR_SIZE + 6;

  doc.addPage({ size: [WIDTH, Math.ceil(height)], margin: MARGIN });
  const put = (r: Row) => {
    doc.font(r.font).fontSize(r.size).text(r.text, MARGIN, doc.y, { width: CONTENT, align: 'center' });
    doc.y += r.gap;
  };
  body.forEach(put);
  doc.image(qr, (WIDTH - QR_SIZE) / 2, doc.y, { width: QR_SIZE, height: QR_SIZE });
  doc.y += QR_SIZE + 6;
  tail.forEach(put);
  return pdfBytes(doc);
}
