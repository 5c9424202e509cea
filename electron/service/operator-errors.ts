/**
 * The counter operators' error codes (operators.ts), each with the Vietnamese and English text that says what
 * to do next. Operators are core (every workflow has them), so these are not a workflow's codes. No text and
 * no `detail` here may carry a name or an ID number: details name the field, never its value.
 */
import { CodedError, type Catalogue } from '../emrtd/errors.js';

export type OperatorErrorCode =
  | 'OPERATOR_UNKNOWN' // no operator with that id (or the admin operator while no admin PIN is set)
  | 'OPERATOR_INACTIVE' // the operator was disabled
  | 'OPERATOR_PIN_WRONG'
  | 'OPERATOR_LOCKED' // 5 wrong PINs within 5 minutes
  | 'OPERATOR_PIN_WEAK' // a new PIN that is not 4–12 digits or is easy to guess
  | 'OPERATOR_NAME_INVALID'
  | 'OPERATOR_CCCD_INVALID'
  | 'OPERATOR_ROLE_INVALID'
  | 'OPERATOR_EXISTS' // an operator with that CCCD number is already registered
  | 'OPERATOR_ADMIN_FIXED'; // the admin operator is the admin PIN: changed only through the admin settings

export const OPERATOR_ERRORS: Catalogue<OperatorErrorCode> = {
  OPERATOR_UNKNOWN: {
    vi: 'Không tìm thấy nhân viên này. Chọn lại tên trong danh sách, hoặc nhờ quản trị thêm nhân viên.',
    en: 'This operator was not found. Pick the name from the list again, or ask an admin to add the operator.',
  },
  OPERATOR_INACTIVE: {
    vi: 'Tài khoản nhân viên này đã bị khóa. Nhờ người giám sát hoặc quản trị mở lại.',
    en: 'This operator account is disabled. Ask a supervisor or an admin to enable it again.',
  },
  OPERATOR_PIN_WRONG: {
    vi: 'Mã PIN không đúng. Nhập lại; sai 5 lần trong 5 phút thì tài khoản bị khóa tạm thời.',
    en: 'Wrong PIN. Enter it again; 5 wrong PINs within 5 minutes lock the account for a while.',
  },
  OPERATOR_LOCKED: {
    vi: 'Nhập sai mã PIN quá nhiều lần. Chờ 5 phút rồi thử lại, hoặc nhờ quản trị đặt mã PIN mới.',
    en: 'Too many wrong PINs. Wait 5 minutes and try again, or ask an admin to set a new PIN.',
  },
  OPERATOR_PIN_WEAK: {
    vi: 'Mã PIN không hợp lệ hoặc quá dễ đoán. Chọn 4–12 chữ số, không phải 123456, không lặp một chữ số và không theo dãy liên tiếp.',
    en: 'The PIN is not valid or too easy to guess. Choose 4–12 digits: not 123456, not one repeated digit, not a running sequence.',
  },
  OPERATOR_NAME_INVALID: {
    vi: 'Tên nhân viên không hợp lệ. Nhập họ tên bằng chữ (1–80 ký tự, không có chữ số) rồi thử lại.',
    en: 'The operator’s name is not valid. Enter the full name in letters (1–80 characters, no digits) and try again.',
  },
  OPERATOR_CCCD_INVALID: {
    vi: 'Số CCCD của nhân viên phải có đúng 12 chữ số. Kiểm tra lại trên thẻ rồi nhập lại.',
    en: 'The operator’s CCCD number must be exactly 12 digits. Check it on the card and enter it again.',
  },
  OPERATOR_ROLE_INVALID: {
    vi: 'Vai trò không hợp lệ. Chọn một trong: tiếp đón (reception), giám sát (supervisor), quản trị (admin).',
    en: 'The role is not valid. Choose one of: reception, supervisor, admin.',
  },
  OPERATOR_EXISTS: {
    vi: 'Đã có nhân viên với số CCCD này. Dùng tài khoản đó (mở lại nếu đã bị khóa) thay vì thêm mới.',
    en: 'An operator with this CCCD number already exists. Use that account (enable it again if disabled) instead of adding one.',
  },
  OPERATOR_ADMIN_FIXED: {
    vi: 'Tài khoản Quản trị dùng mã PIN quản trị và không sửa được ở đây. Đổi mã PIN ở Cài đặt → Đổi mã PIN quản trị hoặc bằng lệnh "chipid admin set-pin --replace".',
    en: 'The admin operator uses the admin PIN and cannot be changed here. Change the PIN in Settings → Change the admin PIN or with "chipid admin set-pin --replace".',
  },
};

/** A refused operator action: unknown, disabled, wrong PIN, locked, or invalid input for a new operator. */
export class OperatorError extends CodedError<OperatorErrorCode> {
  constructor(code: OperatorErrorCode, detail: string, opts: { cause?: unknown } = {}) {
    super(code, OPERATOR_ERRORS[code], detail, opts);
    this.name = 'OperatorError';
  }
}
