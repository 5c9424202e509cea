import { describe, expect, it } from 'vitest';
import {
  bacKeyCandidates,
  canKey,
  cccdBacKey,
  cccdCan,
  expiryCandidates,
  expiryPlan,
  idMatchesBirthDate,
  keysFromQr,
  mrzKey,
  parseDateInput,
  type AccessKey,
} from '../../../electron/emrtd/keys.js';
import { parseCccdQr } from '../../../electron/emrtd/qr.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { icaoVectors } from '../../helpers/shared.js';

// External values from shared/CCCD.md.
const CCCD_ID = '001099012345';
const CCCD_MRZ_INFO = '099012345999031593903157';
const CCCD_CAN = '012345';
const CCCD_MRZ = 'IDVNM0990123459001099012345<<0\n9903159M3903157VNM<<<<<<<<<<<0\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<';
const CCCD_QR = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';

const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const isoOf = (x: Date): string => x.toISOString().slice(0, 10);
const infoOf = (k: AccessKey | undefined): string => (k?.kind === 'mrz' ? k.mrzInfo : 'not an MRZ key');

function expectKeyInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe('KEY_INVALID');
    return;
  }
  throw new Error('expected KEY_INVALID');
}

describe('CCCD keys (CCCD.md synthetic card)', () => {
  it.each<[string, string | Date, string | Date]>([
    ['ISO strings', '1999-03-15', '2039-03-15'],
    ['dd/MM/yyyy', '15/03/1999', '15/03/2039'],
    ['ddMMyyyy', '15031999', '15032039'],
    ['UTC Dates', d('1999-03-15'), d('2039-03-15')],
    ['local-midnight Dates (date picker)', new Date(1999, 2, 15), new Date(2039, 2, 15)],
  ])('cccdBacKey from %s', (_n, dob, doe) => {
    expect(cccdBacKey(CCCD_ID, dob, doe)).toEqual({ kind: 'mrz', mrzInfo: CCCD_MRZ_INFO, source: 'id+dates' });
  });

  it('ignores spaces typed in the ID number', () => {
    expect(infoOf(cccdBacKey('001 099 012 345', '1999-03-15', '2039-03-15'))).toBe(CCCD_MRZ_INFO);
  });

  it('derives the CAN from the last 6 digits', () => {
    expect(cccdCan(CCCD_ID)).toEqual({ kind: 'can', can: CCCD_CAN, source: 'id' });
    expect(canKey(CCCD_CAN)).toEqual({ kind: 'can', can: CCCD_CAN, source: 'can' });
  });

  it('mrzKey gives the same BAC input from the printed MRZ', () => {
    expect(mrzKey(CCCD_MRZ)).toEqual({ kind: 'mrz', mrzInfo: CCCD_MRZ_INFO, source: 'mrz' });
  });

  it('mrzKey on 9303-11 App D.2 (long document number)', () => {
    const vec = (icaoVectors().mrz.valid as { mrz: string; expect?: { bacMrzInfo?: string } }[]).find((x) => x.expect?.bacMrzInfo);
    expect(infoOf(mrzKey(vec!.mrz))).toBe(vec!.expect!.bacMrzInfo);
  });

  it('checks the ID number against the birth year (Decree 137/2015 digit 4–6 rule)', () => {
    expect(idMatchesBirthDate(CCCD_ID, '15/03/1999')).toBe(true);
    expect(idMatchesBirthDate('001090123456', '01011990')).toBe(true);
    expect(idMatchesBirthDate(CCCD_ID, '15/03/1998')).toBe(false);
    expect(idMatchesBirthDate('001299012345', '15/03/1999')).toBe(false); // century code 2 = 2000s
    expect(idMatchesBirthDate('001205012345', '2005-01-01')).toBe(true);
  });
});

describe('malformed staff input → KEY_INVALID', () => {
  const badIds = ['', '00109901234', '0010990123456', '00109901234A', '001-099-012-34', 'x'.repeat(12)];
  it.each(badIds)('ID %j', (id) => {
    expectKeyInvalid(() => cccdBacKey(id, '1999-03-15', '2039-03-15'));
    expectKeyInvalid(() => cccdCan(id));
    expectKeyInvalid(() => bacKeyCandidates(id, '1999-03-15'));
  });
  const badDates: (string | Date)[] = ['', 'yesterday', '1999-02-30', '31/13/1999', '32/01/1999', '1999/03/15', '150399', '29021999', new Date(NaN), '15/03/1899'];
  it.each(badDates)('date %j', (dob) => {
    expectKeyInvalid(() => cccdBacKey(CCCD_ID, dob, '2039-03-15'));
    expectKeyInvalid(() => parseDateInput(dob));
  });
  it.each(['', '12345', '1234567', '12a456', '12 34 5'])('CAN %j', (can) => expectKeyInvalid(() => canKey(can)));
  it('expiry not after birth', () => expectKeyInvalid(() => cccdBacKey(CCCD_ID, '1999-03-15', '1999-03-15')));
  it('issue before birth', () => expectKeyInvalid(() => expiryCandidates('1999-03-15', '1998-01-01')));
  it('mrzKey rejects an MRZ with a wrong check digit as MRZ_INVALID', () => {
    expect(() => mrzKey(CCCD_MRZ.replace('M3903157', 'M3903158'))).toThrow(expect.objectContaining({ code: 'MRZ_INVALID' }));
  });
});

describe('expiry rules (CCCD.md § Expiry rules)', () => {
  const today = d('2026-05-15');
  const cases: [string, string, string | undefined, '2014' | '2023' | 'auto', string[], boolean, boolean][] = [
    // name, dob, issue, law, dates in order, noExpiry, noExpiryFirst
    ['issued within 2 years before 25 → valid to 40 (the CCCD.md card)', '1999-03-15', '2023-01-10', 'auto', ['2039-03-15', '2024-03-15'], false, false],
    ['issued at 31 → 40, then 60', '1990-01-01', '2021-04-15', 'auto', ['2030-01-01', '2050-01-01'], false, false],
    ['issued at 20 → 25, then 40', '2001-06-01', '2021-06-01', 'auto', ['2026-06-01', '2041-06-01'], false, false],
    ['issued exactly 2 years before 25 → window applies', '2001-06-01', '2024-06-01', 'auto', ['2041-06-01', '2026-06-01'], false, false],
    ['2023 law: child issued at 9 → 14, then 25', '2015-06-01', '2024-08-01', 'auto', ['2029-06-01', '2040-06-01'], false, false],
    ['2023 law: issued at 12.5 → 25, then 14', '2015-06-01', '2027-12-01', 'auto', ['2040-06-01', '2029-06-01'], false, false],
    ['2014 law has no 14 milestone', '2007-06-01', '2021-07-01', '2014', ['2032-06-01', '2047-06-01'], false, false],
    ['explicit 2023 law adds 14', '2009-06-01', '2021-07-01', '2023', ['2034-06-01', '2023-06-01'], false, false],
    ['issued at 57 → 60, then none', '1965-01-01', '2022-06-01', 'auto', ['2025-01-01'], true, false],
    ['issued at 58.5 → none, then 60', '1965-01-01', '2023-07-01', 'auto', ['2025-01-01'], true, true],
    ['issued at 62 → none only', '1960-01-01', '2022-01-01', 'auto', [], true, true],
    ['no issue date, age 27 → 40, then expired at 25', '1999-03-15', undefined, 'auto', ['2039-03-15', '2024-03-15'], false, false],
    ['no issue date, inside the window before 40 → 40, then 60', '1987-01-01', undefined, 'auto', ['2027-01-01', '2047-01-01'], false, false],
    ['no issue date, age 59 → 60, then none', '1967-01-01', undefined, 'auto', ['2027-01-01'], true, false],
    ['no issue date, age 70 → none, then 60', '1956-01-01', undefined, 'auto', ['2016-01-01'], true, true],
    ['no issue date, age 8 → 14 only', '2018-01-01', undefined, 'auto', ['2032-01-01'], false, false],
    ['29 February birthday → 28 February in a common year', '2000-02-29', '2021-03-01', 'auto', ['2025-02-28', '2040-02-29'], false, false],
  ];
  it.each(cases)('%s', (_n, dob, issue, law, dates, noExpiry, noExpiryFirst) => {
    const got = expiryCandidates(dob, issue, law, today);
    expect(got.map(isoOf)).toEqual(dates);
    expect(got.noExpiry).toBe(noExpiry);
    expect(got.noExpiryFirst).toBe(noExpiryFirst);
    expect(expiryPlan(dob, issue, law, today).length).toBe(dates.length + (noExpiry ? 1 : 0));
  });
});

describe('bacKeyCandidates', () => {
  it('tries the CCCD.md card key first, its neighbour second', () => {
    const keys = bacKeyCandidates(CCCD_ID, '15/03/1999', '10/01/2023');
    expect(keys.map((k) => k.source)).toEqual(['id+dates', 'id+dates']);
    expect(infoOf(keys[0])).toBe(CCCD_MRZ_INFO);
    expect(infoOf(keys[1]).slice(0, 17)).toBe(CCCD_MRZ_INFO.slice(0, 17));
    expect(infoOf(keys[1]).slice(17, 23)).toBe('240315');
  });

  it('expands "no expiry" into the filler guess (check digits by hand: <<<<<< → 0, 250101 → 7)', () => {
    const keys = bacKeyCandidates('001065012345', '1965-01-01', '2023-07-01');
    expect(keys.map((k) => infoOf(k).slice(17))).toEqual(['<<<<<<0', '2501017'] );
  });
});

describe('keysFromQr', () => {
  it('CCCD.md QR → CAN and BAC candidates pinned by the issue date', () => {
    const { can, bac } = keysFromQr(parseCccdQr(CCCD_QR), d('2026-05-15'));
    expect(can).toEqual({ kind: 'can', can: '123456', source: 'id' });
    // Document 090123456, DOB 900101, issued 15/04/2021 at 31 → expiry at 40 = 300101 (check digits by hand: 2, 1, 9).
    expect(bac[0]).toEqual({ kind: 'mrz', mrzInfo: '090123456290010113001019', source: 'qr' });
    expect(bac.length).toBe(2);
  });
  it('unknown layout → CAN only', () => {
    const { can, bac } = keysFromQr(parseCccdQr('001090123456|a|b|c|d|e|f|g|h'));
    expect(can.kind === 'can' && can.can).toBe('123456');
    expect(bac).toEqual([]);
  });
});
