// What a purpose-limited API client sees of a check: the reason code and its non-personal parameters,
// never the expiry date (the holder's birthday) nor the technical detail.
import { describe, expect, it } from 'vitest';
import { filterResultForPurpose } from '../../../electron/contract/filter.js';
import type { Check, ReadResultView } from '../../../electron/contract/types.js';

const valid: Check = { status: 'pass', code: 'VALID_UNTIL', params: { date: '2039-03-15', agreed: ['DG1', 'DG13'] }, reason: 'Valid until 2039-03-15; DG1, DG13 agree', reasonVi: 'Còn hiệu lực đến 15/03/2039; thông tin DG1, DG13 khớp nhau.' };
const expired: Check = { status: 'fail', code: 'EXPIRED', params: { date: '2024-03-15' }, also: [{ code: 'DG13_NAME_MISMATCH' }], reason: 'The card expired on 2024-03-15', detail: 'x' };
const np = (code: Check['code']): Check => ({ status: 'not_performed', code, reason: '' });

function result(documentValid: Check): ReadResultView {
  return {
    readId: 'r',
    readerId: 'virtual:0',
    verdict: 'verified',
    checks: { chipDataIntact: { status: 'fail', code: 'DG_HASH_MISMATCH', params: { dg: 13 }, reason: 'DG13 does not match' }, chipGenuine: np('GENUINE_NOT_OFFERED'), issuerTrusted: np('NO_TRUST_STORE'), documentValid, onlineConfirmed: np('ONLINE_NOT_CONFIGURED') },
    document: { type: 'CCCD', issuingState: 'VNM' },
    identity: { idNumber: '001099012345', dateOfExpiry: documentValid.params?.date ?? null },
    access: { protocol: 'PACE', keySource: 'can' },
    source: 'chip',
    timings: { totalMs: 1, cardMs: 1, hostMs: 1, apdus: 1 },
    finishedAt: '2026-12-03T00:00:00.000Z',
  };
}

describe('checks seen by a purpose-limited client', () => {
  it('keep the code and the non-personal parameters, drop the date and the detail', () => {
    const v = filterResultForPurpose(result(valid), 'verify-only', false);
    expect(v.checks.documentValid).toMatchObject({ status: 'pass', code: 'VALID_UNTIL', params: { agreed: ['DG1', 'DG13'] } });
    expect(JSON.stringify(v.checks)).not.toMatch(/2039/);
    expect(v.checks.chipDataIntact).toMatchObject({ code: 'DG_HASH_MISMATCH', params: { dg: 13 } });
    const e = filterResultForPurpose(result(expired), 'verify-only', false);
    expect(e.checks.documentValid).toEqual({ status: 'fail', code: 'EXPIRED', also: [{ code: 'DG13_NAME_MISMATCH' }], reason: 'The card expired on …' });
  });
});
