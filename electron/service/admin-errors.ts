/**
 * The admin PIN's and admin session's error codes (admin.ts), each with the Vietnamese and English text
 * that says what to do next.
 */
import { CodedError, type Catalogue } from '../emrtd/errors.js';

export type AdminErrorCode =
  | 'ADMIN_LOCKED' // too many wrong admin PINs: settings locked for a while
  | 'ADMIN_SESSION_INVALID' // no admin session, or it expired: unlock with the PIN again
  | 'ADMIN_PIN_WEAK' // a new admin PIN that is too easy to guess
  | 'ADMIN_PIN_NOT_SET' // no admin PIN yet (first start): set one before any admin action
  | 'ADMIN_PIN_ALREADY_SET'; // the first PIN was already set: unlock with it (or change it) instead

export const ADMIN_ERRORS: Catalogue<AdminErrorCode> = {
  ADMIN_LOCKED: {
    vi: 'Nhập sai mã PIN quản trị quá nhiều lần. Chờ 5 phút rồi thử lại, hoặc gọi người quản lý kiosk.',
    en: 'Too many wrong admin PINs. Wait 5 minutes and try again, or call the kiosk manager.',
  },
  ADMIN_SESSION_INVALID: {
    vi: 'Phiên quản trị đã hết hạn. Mở lại phần cài đặt và nhập mã PIN quản trị.',
    en: 'The admin session has expired. Open the settings again and enter the admin PIN.',
  },
  ADMIN_PIN_WEAK: {
    vi: 'Mã PIN mới quá dễ đoán. Chọn 6–12 chữ số, không phải 123456, không lặp một chữ số và không theo dãy liên tiếp.',
    en: 'The new PIN is too easy to guess. Choose 6–12 digits: not 123456, not one repeated digit, not a running sequence.',
  },
  ADMIN_PIN_NOT_SET: {
    vi: 'Máy chưa có mã PIN quản trị. Đặt mã PIN ở màn hình Cài đặt của kiosk hoặc bằng lệnh "chipid admin set-pin", rồi thử lại.',
    en: 'No admin PIN is set yet. Set one on the kiosk’s Settings screen or with "chipid admin set-pin", then try again.',
  },
  ADMIN_PIN_ALREADY_SET: {
    vi: 'Mã PIN quản trị đã được đặt. Mở khóa bằng mã PIN đó; muốn đổi thì vào Cài đặt → Đổi mã PIN.',
    en: 'An admin PIN is already set. Unlock with it; to change it, use Settings → Change the admin PIN.',
  },
};

/** A refused admin action: locked, no session, a weak PIN, no PIN yet, a PIN already set. */
export class AdminError extends CodedError<AdminErrorCode> {
  constructor(code: AdminErrorCode, detail: string) {
    super(code, ADMIN_ERRORS[code], detail);
    this.name = 'AdminError';
  }
}
