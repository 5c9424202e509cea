import { describe, expect, it } from 'vitest';
import { checkDigit, mrzInfo, parseMrz, toIsoDate, type Mrz } from '../../../electron/emrtd/mrz.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { icaoVectors } from '../../helpers/shared.js';

interface CheckDigitVector { input: string; checkDigit: number; ref: string }
interface ValidVector { format: string; mrz: string; ref: string; expect?: Record<string, string> }
interface InvalidVector { mrz: string; expectedError: string; source: string }

const v = icaoVectors().mrz as {
  checkDigit: { examples: CheckDigitVector[] };
  valid: ValidVector[];
  invalid: InvalidVector[];
  ambiguity_longDocumentNumber: { case: string; computedWithoutFiller: string };
};

/** CCCD.md synthetic TD1 in the CCCD layout (external values). */
const CCCD_MRZ = 'IDVNM0990123459001099012345<<0\n9903159M3903157VNM<<<<<<<<<<<0\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<';

function expectMrzError(fn: () => unknown, detail: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe('MRZ_INVALID');
    expect((e as ChipIdError).message).toMatch(detail);
    return;
  }
  throw new Error('expected MRZ_INVALID');
}

describe('checkDigit (9303-3 §4.9)', () => {
  it.each(v.checkDigit.examples)('$ref: $input', ({ input, checkDigit: cd }) => {
    expect(checkDigit(input)).toBe(cd);
  });
  it('rejects characters outside the MRZ set', () => {
    for (const bad of ['abc', 'A B', 'Ä', '12>3']) expect(() => checkDigit(bad)).toThrow(ChipIdError);
  });
});

/** Maps vector field names onto ours (lastName/firstName are the name identifiers; optionalData = field 1). */
function field(m: Mrz, key: string): string | undefined {
  const alias: Record<string, keyof Mrz> = {
    lastName: 'primaryIdentifier',
    firstName: 'secondaryIdentifier',
    optionalData: 'optionalData1',
    personalNumber: 'optionalData1',
    personalNumberCheckDigit: 'optionalDataCheckDigit',
  };
  const k = (alias[key] ?? key) as keyof Mrz;
  const val = m[k];
  return typeof val === 'string' ? val : undefined;
}

// The two "DG1 of …" entries are checked against their DG1.bin files in lds/dg1.test.ts (the BSI entry's JSON
// string is one filler short of the 88 bytes in DG1.bin).
const plainValid = v.valid.filter((x) => !x.format.includes('DG1 of'));

describe('parseMrz: valid vectors (9303-4/5/6 App A, 9303-11 App D.2, public suites)', () => {
  it('has the vectors it expects', () => expect(plainValid.length).toBeGreaterThanOrEqual(8));
  it.each(plainValid)('$ref', (vec) => {
    const m = parseMrz(vec.mrz);
    expect(m.format).toBe(vec.format.slice(0, 3));
    for (const [key, want] of Object.entries(vec.expect ?? {})) {
      if (key === 'bacKseed') continue; // covered by the BAC tests
      if (key === 'bacMrzInfo') expect(mrzInfo(m)).toBe(want);
      else expect(field(m, key), key).toBe(want);
    }
  });

  it('9303-11 App D.2 long TD2 number gives the same BAC input as TD1', () => {
    const td2 = v.valid.find((x) => x.ref.includes('TD2 long'))!;
    const td1 = v.valid.find((x) => x.expect?.bacMrzInfo !== undefined)!;
    expect(mrzInfo(parseMrz(td2.mrz))).toBe(td1.expect!.bacMrzInfo);
  });

  it('9303-11 App D.1 BAC input pads short numbers to 9 characters', () => {
    const b = icaoVectors().bac as { mrz: Record<string, string>; mrzInfo: string };
    const m = {
      ...parseMrz(v.valid[0]!.mrz),
      documentNumber: b.mrz.documentNumber!.replace(/<+$/, ''),
      documentNumberCheckDigit: b.mrz.documentNumberCheckDigit!,
      dateOfBirth: b.mrz.dateOfBirth!,
      dateOfBirthCheckDigit: b.mrz.dateOfBirthCheckDigit!,
      dateOfExpiry: b.mrz.dateOfExpiry!,
      dateOfExpiryCheckDigit: b.mrz.dateOfExpiryCheckDigit!,
    };
    expect(mrzInfo(m)).toBe(b.mrzInfo);
  });

  it('tolerates line breaks, spaces and lower case', () => {
    const td3 = v.valid.find((x) => x.ref === 'ICAO 9303-4 App A')!.mrz;
    const messy = `  ${td3.slice(0, 44).toLowerCase()} \r\n ${td3.slice(44, 60)} ${td3.slice(60)}\n\n`;
    expect(parseMrz(messy).documentNumber).toBe('L898902C3');
  });
});

describe('parseMrz: invalid vectors name the failed check', () => {
  const detailFor: Record<string, RegExp> = {
    'Document Number check digit mismatch': /^document number check digit mismatch$/,
    'Data of Birth check digit mismatch': /^date of birth check digit mismatch$/,
    'Data of Expiry check digit mismatch': /^date of expiry check digit mismatch$/,
    'Optional data check digit mismatch': /^optional data check digit mismatch$/,
    'Composite check digit mismatch': /^composite check digit mismatch$/,
  };
  it.each(v.invalid)('$source: $expectedError', ({ mrz, expectedError }) => {
    const re = detailFor[expectedError];
    expect(re, `unmapped vector error ${expectedError}`).toBeDefined();
    expectMrzError(() => parseMrz(mrz), re!);
  });

  it('never puts MRZ data into the error', () => {
    for (const { mrz } of v.invalid) {
      try {
        parseMrz(mrz);
      } catch (e) {
        const msg = (e as Error).message;
        expect(msg).not.toMatch(/ERIKSSON|D23145890|L898902C|740812|120415/);
      }
    }
  });

  it('rejects the long-number MRZ whose check digit includes the filler (README ambiguity: our rule excludes it)', () => {
    const amb = v.ambiguity_longDocumentNumber;
    expect(checkDigit('D23145890124')).toBe(Number(/is (\d)/.exec(amb.computedWithoutFiller)![1]));
    expectMrzError(() => parseMrz(amb.case.replace(/ \/ /g, '\n')), /document number check digit/);
  });

  const td1 = v.valid[0]!.mrz;
  const td3 = v.valid.find((x) => x.ref === 'ICAO 9303-4 App A')!.mrz;
  const bad: [string, string, RegExp][] = [
    ['empty', '', /shape 0 lines/],
    ['TD1 one char short', td1.slice(0, 89), /length 89/],
    ['TD3 one char long', td3 + '<', /length 89/],
    ['lines of wrong lengths', `${td1.slice(0, 29)}\n${td1.slice(29, 60)}\n${td1.slice(60)}`, /shape 3 lines \(29\+31\+30\)/],
    ['four lines', `${td1.slice(0, 30)}\n${td1.slice(30, 60)}\n${td1.slice(60)}\n${td1.slice(60)}`, /shape 4 lines/],
    ['invalid sex', td3.slice(0, 64) + 'Q' + td3.slice(65), /sex/],
    ['bad character in the name', td3.slice(0, 10) + '#' + td3.slice(11), /line 1 contains a character/],
    ['TD3 with < as document-number check digit', td3.slice(0, 53) + '<' + td3.slice(54), /document number check digit/],
    ['long TD1 number without continuation', 'I<UTOD23145890<<<<<<<<<<<<<<<<' + td1.slice(30), /continuation/],
    ['document code starting with a digit', '1' + td3.slice(1), /document code/],
  ];
  it.each(bad)('rejects %s', (_name, text, detail) => expectMrzError(() => parseMrz(text), detail));
});

describe('CCCD TD1 (shared/CCCD.md synthetic MRZ)', () => {
  it('parses the ID number, document number and BAC input', () => {
    const m = parseMrz(CCCD_MRZ);
    expect(m.format).toBe('TD1');
    expect(m.documentCode).toBe('ID');
    expect(m.issuingState).toBe('VNM');
    expect(m.documentNumber).toBe('099012345');
    expect(m.cccdIdNumber).toBe('001099012345');
    expect(m.primaryIdentifier).toBe('NGUYEN');
    expect(m.secondaryIdentifier).toBe('VAN A');
    expect(mrzInfo(m)).toBe('099012345999031593903157');
  });

  it('omits cccdIdNumber when its own check digit is wrong (composite fixed up)', () => {
    const l1 = 'IDVNM0990123459001099012345<<1';
    const l2body = '9903159M3903157VNM<<<<<<<<<<<';
    const comp = checkDigit(l1.slice(5) + l2body.slice(0, 7) + l2body.slice(8, 15) + l2body.slice(18, 29));
    const m = parseMrz(`${l1}\n${l2body}${comp}\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<`);
    expect(m.cccdIdNumber).toBeUndefined();
  });

  it('omits cccdIdNumber for other states', () => {
    expect(parseMrz(v.valid[0]!.mrz).cccdIdNumber).toBeUndefined();
  });
});

describe('toIsoDate century windowing', () => {
  const today = new Date(Date.UTC(2026, 4, 15));
  const cases: [string, 'birth' | 'expiry', string][] = [
    ['990315', 'birth', '1999-03-15'],
    ['260515', 'birth', '2026-05-15'],
    ['260516', 'birth', '1926-05-16'],
    ['051231', 'birth', '2005-12-31'],
    ['390315', 'expiry', '2039-03-15'],
    ['760515', 'expiry', '2076-05-15'],
    ['760516', 'expiry', '1976-05-16'],
    ['120415', 'expiry', '2012-04-15'],
    ['000229', 'birth', '2000-02-29'],
  ];
  it.each(cases)('%s (%s) → %s', (yymmdd, kind, want) => expect(toIsoDate(yymmdd, kind, today)).toBe(want));

  it.each(['', '99031', '<<<<<<', '991301', '990230', '010229', 'AB0101'])('rejects %j', (bad) => {
    expect(() => toIsoDate(bad, 'birth', today)).toThrow(ChipIdError);
  });
});
