/**
 * Ticket benchmark: the time to encode one ESC/POS ticket and to build one PDF ticket (median of a few runs
 * after a warm-up; the PDF's first build also parses the two font files, reported apart). Figures are printed
 * by the caller, never asserted. Made-up patient.
 */
import { encodeEscPos } from '../electron/service/workflows/hospital/ticket/escpos.js';
import { ticketData, type TicketData } from '../electron/service/workflows/hospital/ticket/layout.js';
import { ticketPdf } from '../electron/service/workflows/hospital/ticket/pdf.js';
import type { Visit } from '../electron/service/workflows/hospital/types.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function sampleTicket(): TicketData {
  const visit: Visit = {
    visitId: 'LK261203-7QF3KD', patientCccd: '000000000000', department: 'K01', queueNumber: 7, queueLabel: 'A007', day: '2026-12-03',
    operatorId: 'op_00000000', counter: null, identitySource: 'chip', override: null, createdAt: '2026-12-03T03:15:00.000Z', printed: 'no',
    insurance: { status: 'insured', code: '000', note: null, cardCode: null, validFrom: null, validTo: null, primaryFacility: null, history: [], historyCount: 0, checkedAt: '2026-12-03T03:15:00.000Z' },
  };
  return ticketData(visit, { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17' }, { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true },
    { hospitalName: 'Bệnh viện Đa khoa Tỉnh', fields: 'initials-yob', paperWidth: 80, footer: 'Xin cảm ơn' });
}

export interface TicketBench {
  escposMs: number;
  pdfMs: number;
  /** The first PDF in a process (parses the fonts). */
  pdfFirstMs: number;
  /** ESC/POS with the text drawn as images (first call parses the fonts: reported apart). */
  rasterMs: number;
  rasterFirstMs: number;
  escposBytes: number;
  rasterBytes: number;
  pdfBytes: number;
}

export async function benchTickets(runs = 10): Promise<TicketBench> {
  const t = sampleTicket();
  let escposBytes = 0;
  const esc: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    escposBytes = encodeEscPos(t, { paperWidth: 80 }).length;
    if (i > 0) esc.push(performance.now() - t0);
  }
  const t0 = performance.now();
  let pdfBytes = (await ticketPdf(t)).length;
  const pdfFirstMs = performance.now() - t0;
  const pdf: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t1 = performance.now();
    pdfBytes = (await ticketPdf(t)).length;
    pdf.push(performance.now() - t1);
  }
  const t2 = performance.now();
  let rasterBytes = encodeEscPos(t, { paperWidth: 80, mode: 'raster' }).length;
  const rasterFirstMs = performance.now() - t2;
  const ras: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t3 = performance.now();
    rasterBytes = encodeEscPos(t, { paperWidth: 80, mode: 'raster' }).length;
    ras.push(performance.now() - t3);
  }
  return { escposMs: median(esc), pdfMs: median(pdf), pdfFirstMs, rasterMs: median(ras), rasterFirstMs, escposBytes, rasterBytes, pdfBytes };
}
