// The hospital screens' pure rules: insurance colours and events, dates and initials, the self-service
// departments, the settings and department checks, the patient search's params.
import { describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../../../../electron/contract/types.js';
import type { InsuranceView } from '../../../../../electron/service/workflows/hospital/contract.js';
import {
  checkHospitalSettings,
  departmentOf,
  dobOf,
  initials,
  insuranceTone,
  insuranceUpdate,
  isUnverified,
  latestInsurance,
  phoneOf,
  searchParams,
  selfServiceDepartments,
  showDate,
  showTime,
  validity,
} from '../../../../../renderer/features/hospital/logic.js';
import { bytesFromBase64 as pdfBytes } from '../../../../../renderer/src/download.js';

const ins = (over: Partial<InsuranceView> = {}): InsuranceView => ({
  status: 'insured',
  code: '000',
  note: 'Thẻ còn giá trị sử dụng.',
  cardCode: 'DN4010123456789',
  validFrom: '2025-01-01',
  validTo: '2025-12-31',
  primaryFacility: '01001',
  history: [],
  historyCount: 0,
  checkedAt: '2026-12-03T08:00:00.000Z',
  ...over,
});
const ev = (data: Record<string, unknown>, name = 'insurance', workflow = 'hospital', readerId?: string): ServiceEvent => ({ type: 'workflow', workflow, name, data, ...(readerId ? { readerId } : {}) });

describe('insurance', () => {
  it.each([
    ['insured', 'ok'],
    ['unchecked', 'pending'],
    ['error', 'warn'],
    ['not_insured', 'bad'],
    ['expired', 'bad'],
    ['mismatch', 'bad'],
  ] as const)('%s is drawn %s', (status, tone) => expect(insuranceTone(status)).toBe(tone));

  it('an insurance event is taken for the counter before check-in and for the visit after, never for another', () => {
    const answer = ins({ status: 'not_insured', code: '050' });
    expect(insuranceUpdate(ev({ readerId: 'virtual:0', insurance: answer }), { readerId: 'virtual:0' })).toEqual(answer);
    // as the desk sends it: the counter on the event, the visit (once checked in) in the data
    expect(insuranceUpdate(ev({ insurance: answer }, 'insurance', 'hospital', 'virtual:0'), { readerId: 'virtual:0' })).toEqual(answer);
    expect(insuranceUpdate(ev({ visitId: 'LK261203-ABCDEF', insurance: answer }, 'insurance', 'hospital', 'virtual:0'), { readerId: 'virtual:0' })).toBeNull();
    expect(insuranceUpdate(ev({ visitId: 'LK261203-ABCDEF', insurance: answer }, 'insurance', 'hospital', 'virtual:0'), { visitId: 'LK261203-ABCDEF' })).toEqual(answer);
    expect(insuranceUpdate(ev({ readerId: 'virtual:1', insurance: answer }), { readerId: 'virtual:0' })).toBeNull();
    expect(insuranceUpdate(ev({ visitId: 'LK261203-ABCDEF', insurance: answer }), { visitId: 'LK261203-ABCDEF' })).toEqual(answer);
    // a visit's answer is not the counter's next patient's
    expect(insuranceUpdate(ev({ visitId: 'LK261203-ABCDEF', readerId: 'virtual:0', insurance: answer }), { readerId: 'virtual:0' })).toBeNull();
    expect(insuranceUpdate(ev({ readerId: 'virtual:0', insurance: answer }, 'checkin'), { readerId: 'virtual:0' })).toBeNull();
    expect(insuranceUpdate(ev({ readerId: 'virtual:0', insurance: answer }, 'insurance', 'bank'), { readerId: 'virtual:0' })).toBeNull();
    expect(insuranceUpdate(ev({ readerId: 'virtual:0', insurance: { status: 'maybe' } }), { readerId: 'virtual:0' })).toBeNull();
  });

  it('the newest answer wins; a real answer beats a later "unchecked"', () => {
    const early = ins({ status: 'unchecked', code: null, checkedAt: '2026-12-03T08:00:00.000Z' });
    const real = ins({ status: 'expired', code: '010', checkedAt: '2026-12-03T08:00:01.000Z' });
    const later = ins({ status: 'insured', checkedAt: '2026-12-03T08:05:00.000Z' });
    expect(latestInsurance(early, real)).toBe(real);
    expect(latestInsurance(real, ins({ status: 'unchecked', checkedAt: '2026-12-03T09:00:00.000Z' }))).toBe(real);
    expect(latestInsurance(real, later, null)).toBe(later);
    expect(latestInsurance(undefined, null)).toBeNull();
  });

  it('validity reads as on the card', () => {
    expect(validity(ins())).toBe('01/01/2025 – 31/12/2025');
    expect(validity(ins({ validFrom: null, validTo: null }))).toBe('—');
  });
});

describe('display', () => {
  it('dates as printed, initials with Vietnamese letters', () => {
    expect(showDate('1999-03-15')).toBe('15/03/1999');
    expect(showDate('1999')).toBe('1999');
    expect(showDate(null)).toBe('—');
    expect(initials('Nguyễn Văn An')).toBe('N.V.A.');
    expect(initials('  Đặng   ốc ')).toBe('Đ.Ố.');
  });
  it('times in Vietnam time, as on the printed ticket', () => {
    expect(showTime('2026-12-03T08:05:00.000Z')).toBe('15:05');
    expect(showTime('2026-12-03T17:30:00.000Z')).toBe('00:30');
    expect(showTime('soon')).toBe('soon');
  });
  it('only a verified chip counts as verified', () => {
    expect(isUnverified('chip')).toBe(false);
    for (const s of ['chip-unverified', 'qr', 'typed']) expect(isUnverified(s)).toBe(true);
  });
  it('a PDF answer decodes to its bytes', () => {
    expect(Array.from(pdfBytes(btoa('%PDF-1.7')).slice(0, 5))).toEqual([0x25, 0x50, 0x44, 0x46, 0x2d]);
  });
});

describe('self-service departments', () => {
  const all = [
    { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true },
    { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true },
    { code: 'K03', name: 'Nhi', prefix: 'C', active: false },
  ];
  it('all active ones when the setting is empty; the listed active ones otherwise', () => {
    expect(selfServiceDepartments(all, '').map((d) => d.code)).toEqual(['K01', 'K02']);
    expect(selfServiceDepartments(all, undefined).map((d) => d.code)).toEqual(['K01', 'K02']);
    expect(selfServiceDepartments(all, ' k02 , K03').map((d) => d.code)).toEqual(['K02']);
  });
});

describe('entries', () => {
  it('a phone: empty is none, a bad one is refused', () => {
    expect(phoneOf('  ')).toBeUndefined();
    expect(phoneOf(' 0912 345 678 ')).toBe('0912 345 678');
    expect(phoneOf('abc')).toBeNull();
  });
  it('a department is normalised or refused like the service would', () => {
    expect(departmentOf({ code: ' k01 ', name: ' Khám Nội ', prefix: 'a', active: true })).toEqual({ code: 'K01', name: 'Khám Nội', prefix: 'A', active: true });
    expect(departmentOf({ code: 'K', name: 'x', prefix: '', active: true })).toBeNull();
    expect(departmentOf({ code: 'K01', name: ' ', prefix: '', active: true })).toBeNull();
    expect(departmentOf({ code: 'K01', name: 'x', prefix: 'ABCD', active: true })).toBeNull();
  });
  it('patient search: a 12-digit ID, or a name with a date of birth (dd/mm/yyyy or year)', () => {
    expect(searchParams({ cccd: '0010 9901 2345', name: '', dob: '' })).toEqual({ cccd: '001099012345' });
    expect(searchParams({ cccd: '', name: ' Nguyễn Văn An ', dob: '15/3/1999' })).toEqual({ name: 'Nguyễn Văn An', dateOfBirth: '1999-03-15' });
    expect(searchParams({ cccd: '', name: 'An', dob: '1999' })).toEqual({ name: 'An', dateOfBirth: '1999' });
    expect(searchParams({ cccd: '12345', name: 'An', dob: '' })).toBeNull();
    expect(dobOf('31-12-2000')).toBe('2000-12-31');
    expect(dobOf('yesterday')).toBeNull();
  });
});

describe('settings check', () => {
  const good = {
    hospitalName: 'Bệnh viện Đa khoa Demo',
    gatewayUrl: 'https://egw.example.vn',
    gatewayUsername: 'bv01',
    printer: 'tcp://192.168.1.50:9100',
    paperWidth: 80,
    ticketFields: 'initials-yob',
    hisWebhookUrl: '',
    patientRetentionDays: 365,
    selfServiceDepartments: 'K01, K02',
  };
  it('a good section passes; usb printers too', () => {
    expect(checkHospitalSettings(good, 'vi')).toEqual([]);
    expect(checkHospitalSettings({ ...good, printer: 'usb:/dev/usb/lp0' }, 'en')).toEqual([]);
  });
  it('each bad entry is named, in the screen language, and nothing is changed', () => {
    const bad = { ...good, gatewayUrl: 'egw.example.vn', printer: 'lp0', patientRetentionDays: '3 tháng', selfServiceDepartments: 'k01;K02' };
    const vi = checkHospitalSettings(bad, 'vi');
    expect(vi).toHaveLength(4);
    expect(vi.join('\n')).toContain('Địa chỉ cổng BHYT');
    expect(vi.every((m) => m.endsWith('Chưa lưu gì.'))).toBe(true);
    const en = checkHospitalSettings(bad, 'en');
    expect(en.join('\n')).toContain('tcp://HOST:9100');
    expect(checkHospitalSettings({ ...good, patientRetentionDays: 0 }, 'en')).toHaveLength(1);
    expect(checkHospitalSettings({ ...good, patientRetentionDays: 36500 }, 'en')).toEqual([]);
    expect(checkHospitalSettings({ ...good, hospitalName: ' ' }, 'vi')).toHaveLength(1);
    expect(checkHospitalSettings({ ...good, hospitalCode: 'BV-01' }, 'vi')).toHaveLength(1);
  });
});
