import { describe, expect, it } from 'vitest';
import { parseCccdQr, QR_MAX_LENGTH } from '../../../electron/emrtd/qr.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';

// External value: the 2021 front-QR example in shared/CCCD.md.
const CCCD_QR = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';
const EXPECTED = {
  layout: 'cccd-2021',
  idNumber: '001090123456',
  oldIdNumber: '012345678',
  fullName: 'NGUYEN VAN A',
  dateOfBirth: '1990-01-01',
  sex: 'M',
  placeOfResidence: 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
  dateOfIssue: '2021-04-15',
  verified: false,
};

describe('parseCccdQr: 2021 layout', () => {
  it('parses the CCCD.md example', () => {
    expect(parseCccdQr(CCCD_QR)).toEqual(EXPECTED);
  });

  it.each([
    ['trailing CR/LF', `${CCCD_QR}\r\n`],
    ['trailing pipe', `${CCCD_QR}|`],
    ['spaces around fields and doubled inside', CCCD_QR.replace('NGUYEN VAN A', '  NGUYEN  VAN A ').replace('|Nam|', '| Nam |')],
    ['decomposed (NFD) Vietnamese', CCCD_QR.normalize('NFD')],
    ['byte-order mark', `\uFEFF${CCCD_QR}`],
  ])('tolerates %s', (_n, text) => {
    expect(parseCccdQr(text)).toEqual(EXPECTED);
  });

  it('returns NFC text', () => {
    const r = parseCccdQr(CCCD_QR.normalize('NFD'));
    expect(r.layout === 'cccd-2021' && r.placeOfResidence === r.placeOfResidence.normalize('NFC')).toBe(true);
  });

  it('empty old ID → no oldIdNumber', () => {
    const r = parseCccdQr(CCCD_QR.replace('|012345678|', '||'));
    expect(r.layout).toBe('cccd-2021');
    expect('oldIdNumber' in r).toBe(false);
  });

  it.each(['Nữ', 'NỮ', 'Nữ'.normalize('NFD'), 'nu'])('sex %j → F', (sex) => {
    const r = parseCccdQr(CCCD_QR.replace('|Nam|', `|${sex}|`));
    expect(r.layout === 'cccd-2021' && r.sex).toBe('F');
  });
});

describe('parseCccdQr: other layouts are not guessed at', () => {
  const noOld = '001090123456|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';
  const cases: [string, string, number, RegExp][] = [
    ['6 fields (old ID missing)', noOld, 6, /6 fields/],
    ['9 fields (a 2024-style layout)', `${CCCD_QR}|001234567890|TRAN THI B`, 9, /9 fields/],
    ['only the ID', '001090123456', 1, /1 fields/],
    ['7 fields, date of birth not ddMMyyyy', CCCD_QR.replace('01011990', '1990-01-01'), 7, /field 4/],
    ['7 fields, impossible date of birth', CCCD_QR.replace('01011990', '31021990'), 7, /field 4/],
    ['7 fields, sex not Nam/Nữ', CCCD_QR.replace('|Nam|', '|M|'), 7, /field 5/],
    ['7 fields, shifted (name in the old-ID slot)', '001090123456|NGUYEN VAN A|01011990|Nam|Hà Nội|15042021|x', 7, /field 2/],
    ['7 fields, issue before birth', CCCD_QR.replace('15042021', '15041980'), 7, /field 7/],
    ['7 fields, empty residence', CCCD_QR.replace('Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh', ' '), 7, /field 6/],
  ];
  it.each(cases)('%s → unknown with the ID only', (_n, text, fieldCount, reason) => {
    const r = parseCccdQr(text);
    expect(r.layout).toBe('unknown');
    expect(r.idNumber).toBe('001090123456');
    expect(r.verified).toBe(false);
    if (r.layout !== 'unknown') throw new Error('unreachable');
    expect(r.fieldCount).toBe(fieldCount);
    expect(r.reason).toMatch(reason);
    expect(r.reason).not.toMatch(/NGUYEN|001090123456|1990/);
    expect(Object.keys(r).sort()).toEqual(['fieldCount', 'idNumber', 'layout', 'reason', 'verified']);
  });
});

describe('parseCccdQr: no ID → QR_UNKNOWN_LAYOUT', () => {
  const bad = [
    '',
    '\r\n',
    'hello world',
    'https://example.vn/qr?id=001090123456',
    '00109012345|012345678|NGUYEN VAN A|01011990|Nam|Hà Nội|15042021',
    '0010901234567|012345678|NGUYEN VAN A|01011990|Nam|Hà Nội|15042021',
    '012345678|001090123456|NGUYEN VAN A|01011990|Nam|Hà Nội|15042021',
    '{"id":"001090123456"}',
    `001090123456|${'x'.repeat(QR_MAX_LENGTH)}`,
  ];
  it.each(bad)('%j', (text) => {
    try {
      parseCccdQr(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ChipIdError);
      expect((e as ChipIdError).code).toBe('QR_UNKNOWN_LAYOUT');
      return;
    }
    throw new Error('expected QR_UNKNOWN_LAYOUT');
  });
});
