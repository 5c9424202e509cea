/**
 * The chip's identity against the bank's record of the customer, as an integrator passes it: ID number
 * exactly; the name folded (diacritics, case and spaces ignored; đ/Đ as d); the date of birth in full, or the
 * year alone when the bank holds only a year (or the chip's date is year-only).
 */
import type { BankCheckView, RecordComparisonView } from './contract.js';

export function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

function sameDob(chip: string, bank: string): boolean {
  if (bank.length === 4 || chip.length === 4) return chip.slice(0, 4) === bank.slice(0, 4);
  return chip === bank;
}

export function compareRecord(identity: BankCheckView['identity'], record: { idNumber?: string; fullName?: string; dateOfBirth?: string }, at: string): RecordComparisonView {
  const fields: RecordComparisonView['fields'] = [];
  if (record.idNumber !== undefined) fields.push({ field: 'idNumber', chip: identity.idNumber, bank: record.idNumber, match: identity.idNumber === record.idNumber });
  if (record.fullName !== undefined) fields.push({ field: 'fullName', chip: identity.fullName, bank: record.fullName, match: identity.fullName !== null && foldName(identity.fullName) === foldName(record.fullName) });
  if (record.dateOfBirth !== undefined) fields.push({ field: 'dateOfBirth', chip: identity.dateOfBirth, bank: record.dateOfBirth, match: identity.dateOfBirth !== null && sameDob(identity.dateOfBirth, record.dateOfBirth) });
  return { fields, drift: fields.some((f) => !f.match), comparedAt: at };
}
