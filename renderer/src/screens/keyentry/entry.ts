/** What staff typed on the key-entry screen → the key to read with, or what to fix. Pure, no React. */
import type { KeyInput } from '../../../../electron/contract/types.js';
import type { Strings } from '../../i18n/strings.js';

export type Mode = 'id' | 'can' | 'dates' | 'mrz';
export type DigitField = 'id' | 'can' | 'dob' | 'doe';
export const MAX: Record<DigitField, number> = { id: 12, can: 6, dob: 8, doe: 8 };
export type Digits = Record<DigitField, string>;
export const NO_DIGITS: Digits = { id: '', can: '', dob: '', doe: '' };

/** ddmmyyyy digits → 'dd/mm/yyyy' when it is a real calendar date, else null. */
export function toDate(d: string): string | null {
  if (!/^\d{8}$/.test(d)) return null;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const year = Number(d.slice(4));
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || dt.getUTCMonth() !== month - 1 || dt.getUTCDate() !== day) return null;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}

/** Digits as they are shown in a date field: dd/mm/yyyy as far as typed. */
export const showDate = (d: string): string => [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter(Boolean).join('/');

/** The key for the chosen mode, or the message saying what is missing. */
export function keyFromEntry(t: Strings, mode: Mode, v: Digits, mrz: string): { key: KeyInput } | { problem: string } {
  if (mode === 'mrz') {
    const lines = mrz.toUpperCase().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length !== 3 || lines.some((l) => l.length !== 30)) return { problem: t.mrzInvalid };
    return { key: { mrz: lines.join('\n') } };
  }
  if (mode === 'can') return v.can.length !== 6 ? { problem: t.digitsNeeded(6, v.can.length) } : { key: { can: v.can } };
  if (v.id.length !== 12) return { problem: t.digitsNeeded(12, v.id.length) };
  if (mode === 'id') return { key: { id: v.id } };
  const dob = toDate(v.dob);
  const doe = v.doe ? toDate(v.doe) : undefined;
  if (!dob || doe === null) return { problem: t.dateInvalid };
  return { key: { id: v.id, dob, ...(doe ? { doe } : {}) } };
}
