/**
 * What a queue ticket says, decided once for every output (ESC/POS, PDF). Pure: no I/O, no clock.
 * A ticket leaves the building in the patient's pocket and is often thrown away at the door, so it carries as
 * little personal data as the hospital's setting allows: by default initials and the year of birth, never the
 * CCCD number. The visit id (MA_LK-style code) is not personal data and is what the QR code holds.
 */
import type { Department, InsuranceStatus, Visit } from '../types.js';

/** Which personal data the ticket shows: 'initials-yob' (default) "N.V.A · 1990", 'name-yob' "Nguyễn Văn An · 1990", 'none'. */
export type TicketFields = 'initials-yob' | 'name-yob' | 'none';

export interface TicketConfig {
  hospitalName: string;
  fields: TicketFields;
  paperWidth: 58 | 80;
  footer?: string;
}

export interface TicketData {
  hospitalName: string;
  departmentCode: string;
  departmentName: string;
  queueLabel: string;
  /** Vietnam time, "HH:mm dd/MM/yyyy". */
  createdAt: string;
  visitId: string;
  /** null when the setting is 'none'. */
  patientLine: string | null;
  insurance: { vi: string; en: string };
  /** The identity did not come from a verified chip read: the ticket says so in both languages. */
  unverified: boolean;
  footer: string | null;
}

export const UNVERIFIED_LINE = 'CHƯA XÁC THỰC / NOT VERIFIED';

/** Short labels for a ticket (the screen shows the gateway's ghiChu; paper has room for a few words only). */
export const INSURANCE_LABELS: Record<InsuranceStatus, { vi: string; en: string }> = {
  insured: { vi: 'Có thẻ BHYT', en: 'Insured' },
  not_insured: { vi: 'Không có thẻ BHYT hợp lệ', en: 'No valid insurance' },
  mismatch: { vi: 'Thông tin BHYT không khớp', en: 'Insurance details do not match' },
  expired: { vi: 'Thẻ BHYT hết hạn', en: 'Insurance card expired' },
  unchecked: { vi: 'Chưa kiểm tra BHYT', en: 'Insurance not checked yet' },
  error: { vi: 'Lỗi tra cứu BHYT', en: 'Insurance lookup failed' },
};

// The tone marks of Vietnamese (grave, acute, tilde, hook above, dot below). They are not letters: an initial
// drops them, while the letters Đ, Ư, Ơ, Ô, Â, Ă, Ê (distinct letters of the alphabet) stay as they are.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** "Nguyễn Văn An" → "N.V.A"; "Đặng Thị Ư" → "Đ.T.Ư"; "Ánh" → "A" (tone dropped, letter kept). */
export function initials(fullName: string): string {
  return fullName
    .normalize('NFC')
    .split(/\s+/u)
    .filter((w) => w.length > 0)
    .map((w) => {
      const first = Array.from(w)[0] ?? '';
      return first.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC').toLocaleUpperCase('vi');
    })
    .join('.');
}

// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset gives Asia/Ho_Chi_Minh time
// without depending on the ICU time-zone data a given Node or Electron build ships.
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** An ISO instant as Vietnam time, "HH:mm dd/MM/yyyy". */
export function vietnamTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function patientLine(patient: { fullName: string; dateOfBirth: string }, fields: TicketFields): string | null {
  if (fields === 'none') return null;
  const year = /^[0-9]{4}/.exec(patient.dateOfBirth)?.[0];
  const who = fields === 'name-yob' ? patient.fullName.normalize('NFC').trim().replace(/\s+/gu, ' ') : initials(patient.fullName);
  return year ? `${who} · ${year}` : who;
}

export function ticketData(visit: Visit, patient: { fullName: string; dateOfBirth: string }, dept: Department, cfg: TicketConfig): TicketData {
  const footer = cfg.footer?.trim();
  return {
    hospitalName: cfg.hospitalName,
    departmentCode: dept.code,
    departmentName: dept.name,
    queueLabel: visit.queueLabel,
    createdAt: vietnamTime(visit.createdAt),
    visitId: visit.visitId,
    patientLine: patientLine(patient, cfg.fields),
    insurance: INSURANCE_LABELS[visit.insurance.status],
    unverified: visit.identitySource !== 'chip',
    footer: footer ? footer : null,
  };
}
