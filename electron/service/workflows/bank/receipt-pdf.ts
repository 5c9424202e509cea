/**
 * The identification receipt as a printable PDF: A4 (the bank's file) or 80 mm (a counter's roll printer).
 * Vietnamese text in the embedded Noto Sans (pdf-fonts.ts). It shows the receipt's fields in words, the
 * SHA-256 of the signed JSON and the signing key's id, and a QR code of the receipt id: the JSON file is the
 * evidence (`chipid receipt verify`), the PDF is its printout.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfBytes, pdfFonts } from '../../pdf-fonts.js';
import { hex } from './frame.js';
import type { SignedReceipt } from './receipt.js';

const MM = 72 / 25.4;

interface Line {
  text: string;
  bold?: boolean;
  size?: number;
}

function lines(r: SignedReceipt, digest: string): Line[] {
  const yes = (b: boolean): string => (b ? 'Đạt / Pass' : 'KHÔNG ĐẠT / FAIL');
  const l: Line[] = [
    { text: 'BIÊN NHẬN XÁC THỰC KHÁCH HÀNG', bold: true, size: 13 },
    { text: 'Customer identification receipt', size: 9 },
    { text: `Số biên nhận / Receipt: ${r.receiptId}` },
    { text: `Lượt xác thực / Check: ${r.checkId}` },
    { text: `Thời điểm / Issued: ${r.issuedAt}` },
    { text: `Quầy / Counter: ${r.kiosk.counter ?? '—'} (${r.kiosk.readerName})` },
    { text: `Mục đích / Purpose: ${r.purpose}` },
    { text: `Kết quả / Outcome: ${r.outcome === 'confirmed' ? 'ĐÃ XÁC NHẬN / CONFIRMED' : 'TỪ CHỐI / REFUSED'}`, bold: true },
  ];
  if (r.reason) l.push({ text: `Lý do / Reason: ${r.reason}` });
  l.push({ text: `Giao dịch viên / Teller: ${r.operator.name} (${r.operator.id})` });
  if (r.override) l.push({ text: `GIÁM SÁT CHO PHÉP / SUPERVISOR OVERRIDE: ${r.override.supervisorName} (${r.override.supervisorId}) — ${r.override.reason}`, bold: true });
  l.push(
    { text: 'Khách hàng / Customer', bold: true },
    { text: `${r.customer.fullName ?? '—'} · ${r.customer.idNumber ?? '—'} · ${r.customer.dateOfBirth ?? '—'}` },
    { text: `Giấy tờ / Document: ${r.document.type} (${r.document.issuingState ?? '—'})` },
    { text: `Kết luận chip / Chip verdict: ${r.verdict}`, bold: true },
    ...Object.entries(r.tiers).map(([k, s]) => ({ text: `  ${k}: ${s}`, size: 8 })),
  );
  if (r.face) l.push({ text: `Khuôn mặt / Face: ${r.face.score.toFixed(3)} / ngưỡng ${r.face.threshold} — ${yes(r.face.match)} (${r.face.modelVersion})` });
  else l.push({ text: 'Khuôn mặt: KHÔNG so sánh / Face: NOT compared', bold: true });
  if (r.liveness) l.push({ text: `Người thật / Liveness: ${yes(r.liveness.pass)} (${r.liveness.active.status}${r.liveness.active.failure ? `, ${r.liveness.active.failure}` : ''})` });
  if (r.record) l.push({ text: `Hồ sơ ngân hàng / Bank record: ${r.record.drift ? 'CÓ KHÁC BIỆT / DIFFERS' : 'khớp / agrees'}` });
  l.push({ text: `Xác nhận trực tuyến / Online: ${r.online.status}` });
  if (r.images) l.push({ text: `Ảnh lưu / Images kept: ${r.images.kept ? `có, ${r.images.retentionDays} ngày / yes, ${r.images.retentionDays} days` : 'không / no'}` });
  l.push(
    { text: 'Dữ liệu chip (SHA-256) / Chip data', bold: true, size: 8 },
    { text: `SOD ${r.digests.sod ?? '—'}`, size: 6 },
    ...Object.entries(r.digests.dataGroups).map(([dg, h]) => ({ text: `DG${dg} ${h}`, size: 6 })),
    { text: 'Chữ ký / Signature', bold: true, size: 8 },
    { text: `Ed25519, khóa / key ${r.signature.keyId}`, size: 8 },
    { text: `SHA-256 của tệp JSON đã ký / of the signed JSON: ${digest}`, size: 6 },
    { text: 'Kiểm tra: chipid receipt verify FILE.json --key KIOSK.pem', size: 7 },
  );
  return l;
}

/** The PDF of a stored receipt file (its exact bytes are hashed for the digest printed on it). */
export async function receiptPdf(json: string, opts: { paper?: 'a4' | '80mm'; compress?: boolean } = {}): Promise<Uint8Array> {
  const r = JSON.parse(json) as SignedReceipt;
  const digest = hex(sha256(new TextEncoder().encode(json)));
  const f = pdfFonts();
  const qr = await QRCode.toBuffer(r.receiptId, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 });
  const roll = opts.paper === '80mm';
  const width = roll ? 80 * MM : 210 * MM;
  const margin = roll ? 4 * MM : 18 * MM;
  const content = width - 2 * margin;
  const qrSize = roll ? 30 * MM : 35 * MM;
  const doc = new PDFDocument({ autoFirstPage: false, compress: opts.compress ?? true, font: f.regular as unknown as string, info: { Title: `Biên nhận ${r.receiptId}`, Producer: 'ChipID Kiosk', Creator: 'ChipID Kiosk' } });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const body = lines(r, digest);
  const scale = roll ? 0.85 : 1;
  const heightOf = (x: Line): number => doc.font(x.bold ? 'bold' : 'regular').fontSize((x.size ?? 10) * scale).heightOfString(x.text, { width: content }) + 2;
  const height = roll ? Math.ceil(2 * margin + body.reduce((s, x) => s + heightOf(x), 0) + qrSize + 8) : 297 * MM;
  doc.addPage({ size: [width, height], margin });
  doc.image(qr, width - margin - qrSize, margin, { width: qrSize, height: qrSize });
  doc.y = roll ? margin + qrSize + 6 : margin;
  for (const x of body) {
    const w = !roll && doc.y < margin + qrSize + 4 ? content - qrSize - 6 : content;
    doc.font(x.bold ? 'bold' : 'regular').fontSize((x.size ?? 10) * scale).text(x.text, margin, doc.y, { width: w });
    doc.y += 2;
  }
  return pdfBytes(doc);
}
