import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { INSURANCE_STATUS_LABELS, RESULT_CODES, UNKNOWN_CODE_LABEL, codeLabel, statusOfCode, uncheckedResult } from '../../../../../../electron/service/workflows/hospital/bhyt/codes.js';
import { INSURANCE_STATUSES, InsuranceSchema } from '../../../../../../electron/service/workflows/hospital/contract.js';
import type { InsuranceStatus } from '../../../../../../electron/service/workflows/hospital/types.js';

// COUNTERS.md "Gateway contract": every maKetQua it lists and the status the task assigns it.
const EXPECTED: Record<string, InsuranceStatus> = {
  '000': 'insured', '001': 'insured', '002': 'insured', '003': 'insured', '004': 'insured',
  '010': 'expired',
  '050': 'not_insured', '051': 'not_insured', '052': 'not_insured', '053': 'not_insured',
  '110': 'not_insured', '120': 'not_insured', '121': 'not_insured', '122': 'not_insured', '123': 'not_insured', '124': 'not_insured', '130': 'not_insured',
  '060': 'mismatch', '061': 'mismatch', '070': 'mismatch',
  '100': 'error', '101': 'error', '205': 'error', '401': 'error',
};

describe('BHYT result codes', () => {
  it.each(Object.entries(EXPECTED))('%s → %s', (code, status) => {
    expect(statusOfCode(code)).toBe(status);
    const l = codeLabel(code);
    expect(l.vi.length).toBeGreaterThan(3);
    expect(l.en.length).toBeGreaterThan(3);
    expect(l).not.toEqual(UNKNOWN_CODE_LABEL);
  });

  it('lists exactly the codes of COUNTERS.md', () => {
    expect(Object.keys(RESULT_CODES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('gives every not_insured and mismatch code its own label', () => {
    for (const status of ['not_insured', 'mismatch'] as const) {
      const codes = Object.keys(EXPECTED).filter((c) => EXPECTED[c] === status);
      expect(new Set(codes.map((c) => codeLabel(c).en)).size).toBe(codes.length);
      expect(new Set(codes.map((c) => codeLabel(c).vi)).size).toBe(codes.length);
    }
  });

  it('never guesses an unknown code', () => {
    for (const code of ['999', '00', '0000', '', 'abc', 'toString', '__proto__', 'constructor']) {
      expect(statusOfCode(code)).toBe('error');
      expect(codeLabel(code)).toEqual({ vi: UNKNOWN_CODE_LABEL.vi, en: 'unknown code, see the note' });
    }
  });

  it('labels every InsuranceStatus in both languages', () => {
    expect(Object.keys(INSURANCE_STATUS_LABELS).sort()).toEqual([...INSURANCE_STATUSES].sort());
    for (const l of Object.values(INSURANCE_STATUS_LABELS)) expect(l.vi && l.en).toBeTruthy();
  });

  it('makes an unchecked result of the contract shape', () => {
    const r = uncheckedResult({ vi: 'Chưa cấu hình', en: 'Not set up' }, '2026-12-03T10:00:00.000Z');
    expect(v.safeParse(InsuranceSchema, r).success).toBe(true);
    expect(r).toMatchObject({ status: 'unchecked', code: null, note: 'Chưa cấu hình / Not set up', history: [], historyCount: 0, checkedAt: '2026-12-03T10:00:00.000Z' });
    expect(uncheckedResult(null, '2026-12-03T10:00:00.000Z').note).toBeNull();
  });
});
