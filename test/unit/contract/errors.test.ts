/**
 * Errors per layer: each layer's catalogue holds only its own codes, every code has an English and a
 * Vietnamese text, and the one converter (toErrorInfo) turns any layer's error into its wire answer while
 * anything uncoded becomes INTERNAL without its message.
 */
import { describe, expect, it } from 'vitest';
import { API_ERRORS, apiError, toErrorInfo, type ApiErrorCode } from '../../../electron/contract/errors.js';
import { ChipIdError, CodedError, EMRTD_ERRORS, ParseError, asCodedError, type ErrorCode } from '../../../electron/emrtd/errors.js';
import { STORAGE_ERRORS, StorageError, type StorageErrorCode } from '../../../electron/service/storage/errors.js';
import { ADMIN_ERRORS, AdminError, type AdminErrorCode } from '../../../electron/service/admin-errors.js';
import { ApiError } from '../../../electron/service/api/errors.js';

const CATALOGUES = { emrtd: EMRTD_ERRORS, storage: STORAGE_ERRORS, admin: ADMIN_ERRORS, api: API_ERRORS } as const;
/** Codes the contract answers by itself as well as the protocol layer (its validation, its converter). */
const SHARED = ['KEY_INVALID', 'INTERNAL'];

describe('error catalogues, one per layer', () => {
  it('the protocol layer holds no storage, admin or API code', () => {
    const foreign = Object.keys(EMRTD_ERRORS).filter((c) => /^(STORAGE_|API_|ADMIN_|SECRETS_)/.test(c));
    expect(foreign).toEqual([]);
  });
  it.each([
    ['storage', STORAGE_ERRORS, /^(STORAGE_|SECRETS_)/],
    ['admin', ADMIN_ERRORS, /^ADMIN_/],
    ['api', API_ERRORS, /^API_/],
  ] as const)('the %s catalogue holds only its own prefix', (_n, cat, prefix) => {
    const others = Object.keys(cat).filter((c) => !prefix.test(c) && !SHARED.includes(c));
    expect(others).toEqual([]);
  });
  it.each(Object.entries(CATALOGUES))('every %s code has an English and a Vietnamese text that differ', (_n, cat) => {
    for (const [code, m] of Object.entries(cat) as [string, { en: string; vi: string }][]) {
      expect(m.en.trim().length, code).toBeGreaterThan(10);
      expect(m.vi.trim().length, code).toBeGreaterThan(10);
      expect(m.vi, code).not.toBe(m.en);
      expect(m.vi, code).toMatch(/[àáảãạăâđèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ]/i);
    }
  });
  it('a code belongs to one layer; the shared ones have the same texts everywhere', () => {
    const seen = new Map<string, string>();
    for (const [layer, cat] of Object.entries(CATALOGUES)) {
      for (const code of Object.keys(cat)) {
        if (SHARED.includes(code)) continue;
        expect(seen.get(code), `${code} in ${layer} and ${seen.get(code)}`).toBeUndefined();
        seen.set(code, layer);
      }
    }
    for (const code of SHARED) {
      expect(API_ERRORS[code as ApiErrorCode]).toEqual(EMRTD_ERRORS[code as ErrorCode]);
    }
  });
});

describe('toErrorInfo: the one converter', () => {
  const wire = (code: string, m: { en: string; vi: string }) => ({ code, message: m.en, messageVi: m.vi });
  it('turns every code of every layer into its code and both texts, never the detail', () => {
    const cases: [CodedError, { en: string; vi: string }][] = [
      ...(Object.keys(EMRTD_ERRORS) as ErrorCode[]).map((c) => [new ChipIdError(c, 'DETAIL-MARK 001099012345'), EMRTD_ERRORS[c]] as [CodedError, { en: string; vi: string }]),
      ...(Object.keys(STORAGE_ERRORS) as StorageErrorCode[]).map((c) => [new StorageError(c, 'DETAIL-MARK /home/x/chipid.sqlite'), STORAGE_ERRORS[c]] as [CodedError, { en: string; vi: string }]),
      ...(Object.keys(ADMIN_ERRORS) as AdminErrorCode[]).map((c) => [new AdminError(c, 'DETAIL-MARK pin 482913'), ADMIN_ERRORS[c]] as [CodedError, { en: string; vi: string }]),
      ...(Object.keys(API_ERRORS) as ApiErrorCode[]).map((c) => [new ApiError(c, 'DETAIL-MARK port 8443'), API_ERRORS[c]] as [CodedError, { en: string; vi: string }]),
    ];
    for (const [e, m] of cases) {
      const info = toErrorInfo(e);
      expect(info).toEqual(wire(e.code, m));
      expect(JSON.stringify(info)).not.toContain('DETAIL-MARK');
    }
    expect(toErrorInfo(new ParseError('DG13(field 9)', 'length exceeds file'))).toEqual(wire('PARSE_ERROR', EMRTD_ERRORS.PARSE_ERROR));
  });
  it('the storage and admin errors keep their codes on the wire (as the API answers them)', () => {
    expect(toErrorInfo(new StorageError('STORAGE_KEY_WRONG', 'x')).code).toBe('STORAGE_KEY_WRONG');
    expect(toErrorInfo(new AdminError('ADMIN_LOCKED', 'x')).message).toBe('Too many wrong admin PINs. Wait 5 minutes and try again, or call the kiosk manager.');
    expect(toErrorInfo(new ApiError('API_PORT_IN_USE', 'x')).messageVi).toBe('Cổng của dịch vụ kết nối cục bộ đang bị chương trình khác dùng. Chọn cổng khác hoặc đóng chương trình đó.');
  });
  it('anything uncoded is INTERNAL and its message never leaks', () => {
    const secret = 'ENOENT: /home/an/001099012345/chipid.sqlite';
    const sys = Object.assign(new Error(secret), { code: 'ENOENT' });
    // An Error that carries a Vietnamese text but no English one is not a coded error either.
    const half = Object.assign(new Error(secret), { code: 'STORAGE_ERROR', messageVi: 'v' });
    for (const e of [new Error(secret), new TypeError(secret), sys, half, secret, undefined, null, 42, { code: 5, message: secret }]) {
      const info = toErrorInfo(e);
      expect(info).toEqual(apiError('INTERNAL'));
      expect(JSON.stringify(info)).not.toContain('001099012345');
    }
    expect(toErrorInfo(new Error(secret))).toEqual(wire('INTERNAL', EMRTD_ERRORS.INTERNAL));
  });
  it('an ErrorInfo passed along (a stand-in transport, another bundle) keeps its code and texts', () => {
    const info = { code: 'NO_READER', message: 'Reader not found.', messageVi: 'Không thấy đầu đọc.' };
    expect(toErrorInfo(info)).toEqual(info);
    expect(toErrorInfo({ code: 'X', messageEn: 'en', messageVi: 'vi', message: 'detail' })).toEqual({ code: 'X', message: 'en', messageVi: 'vi' });
  });
  it('asCodedError keeps any layer\'s error and wraps the rest as INTERNAL', () => {
    const s = new StorageError('STORAGE_ERROR', 'x');
    expect(asCodedError(s)).toBe(s);
    expect(asCodedError(new Error('boom')).code).toBe('INTERNAL');
  });
});
