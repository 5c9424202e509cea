import { describe, expect, it } from 'vitest';
import { buildDg13, parseDg13, vnDateToIso, type Dg13IdentityInput } from '../../../../electron/emrtd/lds/dg13.js';
import { ChipIdError, ParseError } from '../../../../electron/emrtd/errors.js';
import { concat, toHex, utf8Encode } from '../../../../electron/emrtd/bytes.js';
import { tlv } from '../../../../electron/emrtd/tlv.js';

// Hand-assembled per shared/CCCD.md (not with our builder), so the parser is checked independently.
const str = (tag: number, s: string): Uint8Array => tlv(tag, utf8Encode(s));
const int = (n: number): Uint8Array => tlv(0x02, Uint8Array.of(n));
const fld = (n: number, ...v: Uint8Array[]): Uint8Array => tlv(0x30, int(n), ...v);
const OID = Uint8Array.of(0x06, 0x06, 0x28, 0xd3, 0x16, 0x01, 0x00, 0x08); // 1.0.10646.1.0.8
const dg13 = (...fields: Uint8Array[]): Uint8Array => tlv(0x6d, tlv(0x30, int(1), OID, tlv(0x31, ...fields)));

const NAME_NFD = 'Nguyễn Văn A'.normalize('NFD');

const sample = (): Uint8Array =>
  dg13(
    fld(2, str(0x0c, NAME_NFD)), // out of order on purpose: match by number, not position
    fld(1, str(0x13, '001099012345')),
    fld(3, str(0x13, '15/03/1999')),
    fld(4, str(0x0c, 'Nam')),
    fld(5, str(0x0c, 'Việt Nam')),
    fld(6, str(0x0c, 'Kinh')),
    fld(7, str(0x0c, 'Không')),
    fld(8, str(0x0c, 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh')),
    fld(9, str(0x04, 'Số 1 Lê Lợi, Hà Nội')), // OCTET STRING holding UTF-8
    fld(10, str(0x0c, 'Nốt ruồi C:2cm trên trước đầu mày trái')),
    fld(11, str(0x13, '10/08/2021')),
    fld(12, str(0x0c, '15/03/2039')),
    fld(13, tlv(0x30, str(0x0c, 'Nguyễn Văn B'), str(0x0c, 'Trần Thị C'))),
    fld(14, tlv(0x30)),
    fld(15, str(0x13, '123456789')),
    fld(16, str(0x13, '0123456789ABCDEF')),
    fld(21, str(0x0c, 'O+')),
    fld(22, tlv(0x04, Uint8Array.of(0xff, 0xfe))),
  );

describe('DG13 (Vietnam CCCD, shared/CCCD.md)', () => {
  it('parses every field by number, NFC-normalises and converts dates', () => {
    const raw = sample();
    const d = parseDg13(raw);
    expect(d.raw).toBe(raw);
    expect(d.version).toBe(1);
    expect(d.oid).toBe('1.0.10646.1.0.8');
    expect(d.identity).toEqual({
      idNumber: '001099012345',
      fullName: 'Nguyễn Văn A'.normalize('NFC'),
      dateOfBirth: '1999-03-15',
      sex: 'M',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      religion: 'Không',
      placeOfOrigin: 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
      placeOfResidence: 'Số 1 Lê Lợi, Hà Nội',
      identifyingMarks: 'Nốt ruồi C:2cm trên trước đầu mày trái',
      dateOfIssue: '2021-08-10',
      dateOfExpiry: '2039-03-15',
      dateOfExpiryText: '15/03/2039',
      noExpiry: false,
      fatherName: 'Nguyễn Văn B',
      motherName: 'Trần Thị C',
      spouseName: null,
      oldIdNumber: '123456789',
      cardSerial: '0123456789ABCDEF',
    });
    expect(d.identity.fullName).not.toBe(NAME_NFD);
    expect(d.other).toEqual([
      { fieldNo: 21, kind: 'text', value: 'O+' },
      { fieldNo: 22, kind: 'hex', value: 'FFFE' },
    ]);
    // raw bytes of each field are kept, exactly as they sit in the file
    expect(toHex(d.fields[1]!.raw)).toBe(toHex(fld(1, str(0x13, '001099012345'))));
  });

  it('flags a lifetime card and maps Nữ to F', () => {
    const d = parseDg13(dg13(fld(4, str(0x0c, 'Nữ')), fld(12, str(0x0c, 'Không thời hạn'))));
    expect(d.identity.sex).toBe('F');
    expect(d.identity.dateOfExpiry).toBeNull();
    expect(d.identity.noExpiry).toBe(true);
    expect(d.identity.dateOfExpiryText).toBe('Không thời hạn');
    expect(d.identity.idNumber).toBeNull();
  });

  it('accepts father/mother directly in the field SEQUENCE and a spouse', () => {
    const d = parseDg13(dg13(fld(13, str(0x0c, 'Bố'), str(0x0c, 'Mẹ')), fld(14, tlv(0x30, str(0x0c, 'Vợ')))));
    expect([d.identity.fatherName, d.identity.motherName, d.identity.spouseName]).toEqual(['Bố', 'Mẹ', 'Vợ']);
  });

  it('converts partial and impossible dates carefully', () => {
    expect(vnDateToIso('01/01/1990')).toBe('1990-01-01');
    expect(vnDateToIso('00/00/1950')).toBe('1950');
    expect(vnDateToIso('00/07/1950')).toBe('1950-07');
    expect(vnDateToIso('1950')).toBe('1950');
    expect(vnDateToIso('31/02/2000')).toBeNull();
    expect(vnDateToIso('15/13/2000')).toBeNull();
    expect(vnDateToIso('2000-01-01')).toBeNull();
  });

  it('round-trips the builder, with extra fields kept as other', () => {
    const id: Dg13IdentityInput = {
      idNumber: '001099012345',
      fullName: 'Nguyễn Văn A',
      dateOfBirth: '1999-03-15',
      sex: 'M',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      religion: 'Không',
      placeOfOrigin: 'Hà Nội',
      placeOfResidence: 'Số 1 Lê Lợi, Hà Nội',
      identifyingMarks: 'Sẹo chấm',
      dateOfIssue: '2021-08-10',
      dateOfExpiry: '2039-03-15',
      fatherName: 'Nguyễn Văn B',
      motherName: 'Trần Thị C',
      spouseName: 'Lê Thị D',
      oldIdNumber: '123456789',
      cardSerial: '0123456789ABCDEF',
    };
    const b = buildDg13(id, [{ fieldNo: 20, value: 'Hà Nội' }]);
    // structure of CCCD.md: 6D { 30 { 02 01 01, 06 06 28D316010008, 31 … } }
    expect(toHex(b.subarray(0, 2))).toMatch(/^6D/);
    expect(toHex(b)).toContain('020101060628D31601000831');
    const d = parseDg13(b);
    expect(d.identity).toMatchObject({ ...id, noExpiry: false, dateOfExpiryText: '15/03/2039' });
    expect(d.other).toEqual([{ fieldNo: 20, kind: 'text', value: 'Hà Nội' }]);
    expect(Object.keys(d.fields).map(Number)).toEqual([...Array.from({ length: 16 }, (_, i) => i + 1), 20]);
    // values are dd/MM/yyyy on the card
    expect(d.fields[3]!.texts).toEqual(['15/03/1999']);
    const life = parseDg13(buildDg13({ idNumber: '1', fullName: 'X', noExpiry: true }));
    expect(life.identity).toMatchObject({ noExpiry: true, dateOfExpiry: null });
  });

  const good = sample();
  const hostile: [string, Uint8Array, RegExp][] = [
    ['wrong outer tag', tlv(0x6e, good.subarray(2)), /expected tag 6D/],
    ['trailing garbage after 6D', concat(good, Uint8Array.of(0x00, 0x00)), /2 trailing bytes/],
    ['truncated file', good.subarray(0, good.length - 3), /exceeds the data/],
    ['overlong value in field 9', dg13(fld(1, str(0x13, '1')), concat(h30(9, [0x0c, 0x7f, 0x41]))), /DG13\(field 9\)/],
    ['trailing garbage inside field 2', dg13(fld(2, str(0x0c, 'A'), str(0x0c, 'B'))), /DG13\(field 2\): 2 values/],
    ['non-text value in field 5', dg13(fld(5, tlv(0x02, Uint8Array.of(5)))), /DG13\(field 5\): value with tag 2/],
    ['invalid UTF-8 in field 2', dg13(fld(2, tlv(0x0c, Uint8Array.of(0xc3, 0x28)))), /DG13\(field 2\)/],
    ['duplicate field 1', dg13(fld(1, str(0x13, '1')), fld(1, str(0x13, '2'))), /DG13\(field 1\): appears twice/],
    ['missing version', tlv(0x6d, tlv(0x30, OID, tlv(0x31))), /DG13\(version\)/],
    ['field without number', dg13(tlv(0x30, str(0x0c, 'A'))), /field number/],
    ['negative field number', dg13(tlv(0x30, tlv(0x02, Uint8Array.of(0xff)), str(0x0c, 'A'))), /negative/],
    ['huge length', Uint8Array.of(0x6d, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30), /exceeds the data/],
  ];
  for (const [name, bytes, msg] of hostile) {
    it(`rejects ${name} with ParseError`, () => {
      expect(() => parseDg13(bytes)).toThrow(ParseError);
      expect(() => parseDg13(bytes)).toThrow(msg);
    });
  }

  it('caps the number of fields', () => {
    const many = Array.from({ length: 70 }, (_, i) => fld(30 + i, str(0x0c, 'x')));
    try {
      parseDg13(dg13(...many));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ChipIdError);
      expect((e as ChipIdError).code).toBe('LIMIT_EXCEEDED');
    }
  });
});

/** SEQUENCE { INTEGER n, raw bytes } with the SEQUENCE length computed over the (malformed) raw value. */
function h30(n: number, raw: number[]): Uint8Array {
  return tlv(0x30, int(n), Uint8Array.from(raw));
}
