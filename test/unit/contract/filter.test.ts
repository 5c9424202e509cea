import { describe, expect, it } from 'vitest';
import { filterResultForPurpose } from '../../../electron/contract/filter.js';
import type { ReadResultView } from '../../../electron/contract/types.js';

const result: ReadResultView = {
  readId: 'r1',
  readerId: 'virtual:0',
  verdict: 'verified',
  checks: {
    chipDataIntact: { status: 'pass', reason: 'ok', reasonVi: 'Đạt.' },
    chipGenuine: { status: 'pass', reason: 'ok', reasonVi: 'Đạt.' },
    issuerTrusted: { status: 'pass', reason: 'ok', reasonVi: 'Đạt.' },
    documentValid: { status: 'pass', reason: 'valid until 2039-03-15; DG1 agree', reasonVi: 'Còn hiệu lực đến 15/03/2039; thông tin khớp.' },
    onlineConfirmed: { status: 'not_performed', reason: 'offline', reasonVi: 'Ngoại tuyến.' },
  },
  document: { type: 'cccd', issuingState: 'VNM' },
  identity: { idNumber: '001099012345', fullName: 'Nguyễn Văn An', dateOfExpiry: '2039-03-15' },
  access: { protocol: 'PACE', keySource: 'id' },
  source: 'chip',
  timings: { totalMs: 1, cardMs: 1, hostMs: 1, apdus: 1 },
  finishedAt: '2026-11-22T00:00:00Z',
};

describe('purpose filter', () => {
  it('withholds a date in both the English and the Vietnamese reason (ISO and dd/MM/yyyy forms)', () => {
    const v = filterResultForPurpose(result, 'verify-only', false);
    expect(JSON.stringify(v)).not.toContain('2039');
    expect(v.checks.documentValid.reasonVi).toBe('Còn hiệu lực đến …; thông tin khớp.');
    expect(v.identity).toEqual({});
  });
  it('keeps the Vietnamese reason for a purpose that may see the field', () => {
    const h = filterResultForPurpose(result, 'hospital', false);
    expect(h.checks.documentValid.reasonVi).toContain('15/03/2039');
  });
});
