/**
 * The insurance gateway's result codes (maKetQua) as our InsuranceStatus, with a Vietnamese and English label
 * for each. The list and its meanings are the ones COUNTERS.md ("Gateway contract") gathers from several public
 * HIS integrations; the gateway's own guide is not public, so a code we do not know is never guessed at: it is
 * an 'error' labelled "unknown code, see the note" and the gateway's ghiChu is shown verbatim beside it.
 * Pure data and functions: no I/O.
 */
import type { InsuranceResult, InsuranceStatus } from '../types.js';

export interface Label {
  vi: string;
  en: string;
}

export interface ResultCode extends Label {
  status: InsuranceStatus;
}

const c = (status: InsuranceStatus, vi: string, en: string): ResultCode => ({ status, vi, en });

/** Every maKetQua COUNTERS.md lists. 003/004: a new card was issued, the adapter uses maTheMoi and its validity. */
export const RESULT_CODES: Readonly<Record<string, ResultCode>> = Object.freeze({
  '000': c('insured', 'Thẻ BHYT còn giá trị sử dụng', 'Insurance card valid'),
  '001': c('insured', 'Thẻ còn giá trị, do BHXH Bộ Quốc phòng quản lý', 'Card valid, managed by the army’s social security'),
  '002': c('insured', 'Thẻ còn giá trị, do BHXH Bộ Công an quản lý', 'Card valid, managed by the police’s social security'),
  '003': c('insured', 'Thẻ cũ hết giá trị, đã được cấp thẻ mới (dùng mã thẻ mới)', 'Old card expired, a new card was issued (use the new card code)'),
  '004': c('insured', 'Thẻ cũ còn giá trị, đã được cấp thẻ mới (dùng mã thẻ mới)', 'Old card still valid, a new card was issued (use the new card code)'),
  '010': c('expired', 'Thẻ BHYT đã hết giá trị sử dụng', 'Insurance card expired'),
  '050': c('not_insured', 'Không tìm thấy thông tin thẻ BHYT', 'No insurance card found'),
  '051': c('not_insured', 'Mã thẻ không đúng', 'Wrong card code'),
  '052': c('not_insured', 'Mã tỉnh cấp thẻ không đúng', 'Wrong province code on the card'),
  '053': c('not_insured', 'Mã quyền lợi thẻ không đúng', 'Wrong benefit code on the card'),
  '060': c('mismatch', 'Họ tên không khớp với thẻ', 'Name does not match the card'),
  '061': c('mismatch', 'Họ tên không khớp (đúng ký tự đầu)', 'Name does not match (first letters right)'),
  '070': c('mismatch', 'Ngày sinh không khớp với thẻ', 'Date of birth does not match the card'),
  '100': c('error', 'Lỗi khi đọc dữ liệu thẻ của cơ quan BHXH', 'Error reading the card register'),
  '101': c('error', 'Lỗi máy chủ cổng BHYT', 'Gateway server error'),
  '110': c('not_insured', 'Thẻ đã bị thu hồi', 'Card withdrawn'),
  // COUNTERS.md says only "reported as reduced (moved, stopped, …)" for 120–124; which sub-reason each code
  // is, is not public, so each label names its code and the gateway's ghiChu (shown beside it) says the reason.
  '120': c('not_insured', 'Thẻ đã báo giảm (mã 120, xem ghi chú)', 'Card reported as reduced (code 120, see the note)'),
  '121': c('not_insured', 'Thẻ đã báo giảm (mã 121, xem ghi chú)', 'Card reported as reduced (code 121, see the note)'),
  '122': c('not_insured', 'Thẻ đã báo giảm (mã 122, xem ghi chú)', 'Card reported as reduced (code 122, see the note)'),
  '123': c('not_insured', 'Thẻ đã báo giảm (mã 123, xem ghi chú)', 'Card reported as reduced (code 123, see the note)'),
  '124': c('not_insured', 'Thẻ đã báo giảm (mã 124, xem ghi chú)', 'Card reported as reduced (code 124, see the note)'),
  '130': c('not_insured', 'Trẻ em không xuất trình thẻ', 'Child without a card shown'),
  '205': c('error', 'Sai định dạng tham số gửi cổng BHYT', 'Wrong parameter format sent to the gateway'),
  // The client takes a new token once and retries; a lasting 401 becomes HOSPITAL_GATEWAY_AUTH, never a result.
  '401': c('error', 'Lỗi xác thực với cổng BHYT', 'Gateway authentication failed'),
});

export const UNKNOWN_CODE_LABEL: Label = Object.freeze({ vi: 'Mã không xác định, xem ghi chú', en: 'unknown code, see the note' });

/** Codes whose answer names a new card: the adapter reads maTheMoi / gtTheTuMoi / gtTheDenMoi / maDKBDMoi. */
export const NEW_CARD_CODES: ReadonlySet<string> = new Set(['003', '004']);

const known = (code: string): ResultCode | undefined => (Object.hasOwn(RESULT_CODES, code) ? RESULT_CODES[code] : undefined);

export function statusOfCode(code: string): InsuranceStatus {
  return known(code)?.status ?? 'error';
}

export function codeLabel(code: string): Label {
  const k = known(code);
  return k ? { vi: k.vi, en: k.en } : { ...UNKNOWN_CODE_LABEL };
}

export const INSURANCE_STATUS_LABELS: Readonly<Record<InsuranceStatus, Label>> = Object.freeze({
  insured: { vi: 'Có thẻ BHYT hợp lệ', en: 'Insured' },
  not_insured: { vi: 'Không có thẻ BHYT hợp lệ', en: 'Not insured' },
  mismatch: { vi: 'Thông tin không khớp với thẻ BHYT', en: 'Details do not match the insurance card' },
  expired: { vi: 'Thẻ BHYT hết hạn', en: 'Insurance card expired' },
  unchecked: { vi: 'Chưa kiểm tra thẻ BHYT', en: 'Insurance not checked' },
  error: { vi: 'Lỗi tra cứu thẻ BHYT', en: 'Insurance lookup failed' },
});

/**
 * The result of a lookup that got no answer (gateway not configured, unreachable, queued). `why` becomes the note
 * as "Vietnamese / English"; null leaves the note empty.
 */
export function uncheckedResult(why: Label | null, nowIso: string): InsuranceResult {
  return {
    status: 'unchecked',
    code: null,
    note: why ? `${why.vi} / ${why.en}` : null,
    cardCode: null,
    validFrom: null,
    validTo: null,
    primaryFacility: null,
    history: [],
    historyCount: 0,
    checkedAt: nowIso,
  };
}
