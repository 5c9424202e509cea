import { describe, expect, it } from 'vitest';
import { encodeEscPos } from '../../../../../../electron/service/workflows/hospital/ticket/escpos.js';
import { INSURANCE_LABELS, initials, ticketData, vietnamTime } from '../../../../../../electron/service/workflows/hospital/ticket/layout.js';
import { INSURANCE_STATUSES } from '../../../../../../electron/service/workflows/hospital/contract.js';
import { readEscPos } from './cp1258.js';
import { CCCD, CFG, DEPT, PATIENT, visit } from './fixtures.js';

describe('initials', () => {
  it.each([
    ['Nguyễn Văn An', 'N.V.A'],
    ['Đặng Thị Ư', 'Đ.T.Ư'],
    ['  trần   thị   bích  ', 'T.T.B'],
    ['Ánh Ổn Ơn Ấn Ắt Ê', 'A.Ô.Ơ.Â.Ă.Ê'],
    ['đỗ ưng', 'Đ.Ư'],
    ['Nguyễn Văn An'.normalize('NFD'), 'N.V.A'],
    ['Lê', 'L'],
    ['', ''],
  ])('%j → %j', (name, want) => {
    expect(initials(name)).toBe(want);
  });
});

describe('vietnamTime', () => {
  it.each([
    ['2026-12-03T03:15:00.000Z', '10:15 03/12/2026'],
    ['2026-12-31T17:05:00Z', '00:05 01/01/2027'],
    ['2026-06-30T16:59:59+00:00', '23:59 30/06/2026'],
    ['not a date', ''],
  ])('%s → %j', (iso, want) => {
    expect(vietnamTime(iso)).toBe(want);
  });
});

describe('ticketData', () => {
  it('by default shows initials and the year of birth only', () => {
    const t = ticketData(visit(), PATIENT, DEPT, CFG);
    expect(t.patientLine).toBe('N.V.A · 1990');
    const all = JSON.stringify(t);
    for (const bad of ['Nguyễn', 'Văn', '05-17', '17/05', CCCD]) expect(all).not.toContain(bad);
    expect(t).toMatchObject({ hospitalName: CFG.hospitalName, departmentCode: 'K01', departmentName: 'Khám Nội', queueLabel: 'A007', visitId: 'LK261203-7QF3KD', createdAt: '10:15 03/12/2026', unverified: false, footer: null });
  });

  it("'name-yob' shows the full name and the year", () => {
    expect(ticketData(visit(), { fullName: ' Nguyễn  Văn An ', dateOfBirth: '1990' }, DEPT, { ...CFG, fields: 'name-yob' }).patientLine).toBe('Nguyễn Văn An · 1990');
  });

  it("'none' shows no personal data, on paper either", () => {
    const t = ticketData(visit(), PATIENT, DEPT, { ...CFG, fields: 'none' });
    expect(t.patientLine).toBeNull();
    const printed = readEscPos(encodeEscPos(t, { paperWidth: 58 })).lines.map((l) => l.text).join('\n');
    expect(printed).toContain('A007');
    for (const bad of ['Nguyễn', 'Văn', 'N.V.A', '1990', CCCD.slice(-4)]) expect(printed).not.toContain(bad);
  });

  it.each(['chip-unverified', 'qr', 'typed'] as const)("marks a '%s' identity unverified, on paper too", (identitySource) => {
    const t = ticketData(visit({ identitySource }), PATIENT, DEPT, CFG);
    expect(t.unverified).toBe(true);
    expect(readEscPos(encodeEscPos(t, { paperWidth: 80 })).lines.map((l) => l.text)).toContain('CHƯA XÁC THỰC / NOT VERIFIED');
  });

  it('a verified chip read prints no unverified line', () => {
    const t = ticketData(visit({ identitySource: 'chip' }), PATIENT, DEPT, CFG);
    expect(readEscPos(encodeEscPos(t, { paperWidth: 80 })).lines.map((l) => l.text)).not.toContain('CHƯA XÁC THỰC / NOT VERIFIED');
  });

  it('has a short VN/EN insurance label for every status, each different', () => {
    for (const status of INSURANCE_STATUSES) {
      expect(ticketData(visit({ status }), PATIENT, DEPT, CFG).insurance).toEqual(INSURANCE_LABELS[status]);
    }
    expect(new Set(INSURANCE_STATUSES.map((s) => INSURANCE_LABELS[s].vi)).size).toBe(INSURANCE_STATUSES.length);
    expect(new Set(INSURANCE_STATUSES.map((s) => INSURANCE_LABELS[s].en)).size).toBe(INSURANCE_STATUSES.length);
    expect(INSURANCE_LABELS.insured).toEqual({ vi: 'Có thẻ BHYT', en: 'Insured' });
  });

  it('keeps a footer when one is set, and none for blank text', () => {
    expect(ticketData(visit(), PATIENT, DEPT, { ...CFG, footer: ' Xin cảm ơn ' }).footer).toBe('Xin cảm ơn');
    expect(ticketData(visit(), PATIENT, DEPT, { ...CFG, footer: '   ' }).footer).toBeNull();
  });
});
