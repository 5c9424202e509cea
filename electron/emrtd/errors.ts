/**
 * One error hierarchy for the whole product. Every error has a stable `code`; the codes a person can
 * meet carry a Vietnamese and an English message that say what to do next.
 * Messages never contain personal data (ID numbers, names, MRZ, CAN, keys, APDU data).
 */

export type ErrorCode =
  | 'TRANSPORT_LOST' // the card or reader went away mid-exchange
  | 'CARD_REMOVED'
  | 'NO_CARD'
  | 'NO_READER'
  | 'READER_BUSY'
  | 'PCSC_UNAVAILABLE' // pcscd missing or stopped
  | 'TIMEOUT'
  | 'ACCESS_DENIED' // wrong key: BAC/PACE authentication failed
  | 'SECURITY_NOT_SATISFIED' // 6982 outside authentication
  | 'FILE_NOT_FOUND' // 6A82
  | 'SW_ERROR' // any other unexpected status word
  | 'MAC_INVALID'
  | 'SM_ERROR' // malformed secure-messaging response
  | 'PARSE_ERROR'
  | 'LIMIT_EXCEEDED'
  | 'PROTOCOL_ERROR' // chip answered out of protocol (wrong length, garbage)
  | 'CRYPTO_ERROR'
  | 'UNSUPPORTED'
  | 'KEY_INVALID' // the key staff entered is malformed
  | 'MRZ_INVALID'
  | 'QR_UNKNOWN_LAYOUT'
  | 'CANCELLED'
  | 'WRONG_CARD'
  | 'INTERNAL'
  | 'STORAGE_NEWER_VERSION' // the database was written by a newer version of the app
  | 'STORAGE_ERROR' // the data directory, key file or database cannot be used
  | 'STORAGE_KEY_WRONG' // the database does not open with this installation's key
  | 'SECRETS_UNAVAILABLE' // the master key is sealed by the OS keystore and cannot be unsealed here
  | 'API_HOST_REFUSED' // the local agent API was asked to listen on anything but 127.0.0.1
  | 'API_PORT_IN_USE' // the local agent API's port is taken
  | 'API_PAIR_INVALID' // pairing a local API client with a bad name, purpose or origin
  | 'ADMIN_LOCKED' // too many wrong admin PINs: settings locked for a while
  | 'ADMIN_SESSION_INVALID' // no admin session, or it expired: unlock with the PIN again
  | 'ADMIN_PIN_WEAK' // a new admin PIN that is too easy to guess
  | 'DUMP_INVALID' // a saved read (chipid read --dump) is not JSON of the dump format; the message names the field
  | 'TRUST_FILE_INVALID' // a --trust or --kiosk-key path that holds no usable certificate, list or key
  | 'ADMIN_PIN_NOT_SET' // no admin PIN yet (first start): set one before any admin action
  | 'ADMIN_PIN_ALREADY_SET'; // the first PIN was already set: unlock with it (or change it) instead

export interface UserMessage {
  vi: string;
  en: string;
}

const MESSAGES: Record<ErrorCode, UserMessage> = {
  TRANSPORT_LOST: {
    vi: 'Mất kết nối với thẻ. Giữ thẻ yên trên đầu đọc và thử lại.',
    en: 'Lost contact with the card. Hold the card still on the reader and try again.',
  },
  CARD_REMOVED: {
    vi: 'Thẻ đã bị nhấc ra khi đang đọc. Đặt lại thẻ lên đầu đọc và giữ yên đến khi xong.',
    en: 'The card was lifted during the read. Place it on the reader again and hold it still until done.',
  },
  NO_CARD: {
    vi: 'Chưa có thẻ trên đầu đọc. Đặt thẻ căn cước lên đầu đọc.',
    en: 'No card on the reader. Place the ID card on the reader.',
  },
  NO_READER: {
    vi: 'Không tìm thấy đầu đọc thẻ. Kiểm tra cáp USB của đầu đọc rồi thử lại.',
    en: 'No card reader found. Check the reader’s USB cable and try again.',
  },
  READER_BUSY: {
    vi: 'Đầu đọc đang được chương trình khác sử dụng. Đóng chương trình đó rồi thử lại.',
    en: 'The reader is in use by another program. Close that program and try again.',
  },
  PCSC_UNAVAILABLE: {
    vi: 'Dịch vụ thẻ thông minh (PC/SC) không chạy. Khởi động dịch vụ (pcscd / Smart Card) hoặc gọi bộ phận kỹ thuật.',
    en: 'The smart-card service (PC/SC) is not running. Start it (pcscd / Smart Card service) or call IT support.',
  },
  TIMEOUT: {
    vi: 'Thẻ không trả lời kịp. Giữ thẻ yên trên đầu đọc và thử lại.',
    en: 'The card did not answer in time. Hold the card still on the reader and try again.',
  },
  ACCESS_DENIED: {
    vi: 'Thẻ từ chối khóa truy cập. Kiểm tra lại số định danh, ngày sinh và ngày hết hạn (hoặc mã CAN) rồi thử lại.',
    en: 'The card refused the access key. Check the ID number, date of birth and expiry date (or the CAN) and try again.',
  },
  SECURITY_NOT_SATISFIED: {
    vi: 'Thẻ không cho phép đọc dữ liệu này. Thử đọc lại; nếu vẫn lỗi, thẻ có thể không hợp lệ.',
    en: 'The card does not allow reading this data. Try again; if it persists the card may not be genuine.',
  },
  FILE_NOT_FOUND: {
    vi: 'Thẻ thiếu một tệp dữ liệu bắt buộc. Thẻ có thể bị hỏng; hướng dẫn người dân liên hệ cơ quan cấp thẻ.',
    en: 'The card lacks a required data file. It may be damaged; refer the holder to the issuing office.',
  },
  SW_ERROR: {
    vi: 'Thẻ trả lời lỗi không mong đợi. Nhấc thẻ ra, đặt lại và thử lại.',
    en: 'The card answered with an unexpected error. Lift the card, place it again and retry.',
  },
  MAC_INVALID: {
    vi: 'Dữ liệu từ thẻ không qua được kiểm tra toàn vẹn. Đọc lại; nếu vẫn lỗi, không chấp nhận thẻ này.',
    en: 'Data from the card failed its integrity check. Read again; if it persists, do not accept this card.',
  },
  SM_ERROR: {
    vi: 'Kênh bảo mật với thẻ bị lỗi. Nhấc thẻ ra, đặt lại và thử lại.',
    en: 'The secure channel with the card failed. Lift the card, place it again and retry.',
  },
  PARSE_ERROR: {
    vi: 'Dữ liệu trên thẻ không đúng định dạng. Đọc lại; nếu vẫn lỗi, không chấp nhận thẻ này.',
    en: 'Data on the card is malformed. Read again; if it persists, do not accept this card.',
  },
  LIMIT_EXCEEDED: {
    vi: 'Thẻ gửi dữ liệu vượt giới hạn an toàn. Không chấp nhận thẻ này và báo bộ phận kỹ thuật.',
    en: 'The card sent data beyond safe limits. Do not accept this card and report it to IT support.',
  },
  PROTOCOL_ERROR: {
    vi: 'Thẻ trả lời sai giao thức. Nhấc thẻ ra, đặt lại và thử lại; nếu vẫn lỗi, không chấp nhận thẻ này.',
    en: 'The card broke the protocol. Lift it, place it again and retry; if it persists, do not accept it.',
  },
  CRYPTO_ERROR: {
    vi: 'Lỗi mật mã khi làm việc với thẻ. Thử lại; nếu vẫn lỗi, báo bộ phận kỹ thuật.',
    en: 'A cryptographic error occurred. Try again; if it persists, report it to IT support.',
  },
  UNSUPPORTED: {
    vi: 'Loại thẻ hoặc tính năng này chưa được hỗ trợ. Báo bộ phận kỹ thuật.',
    en: 'This card type or feature is not supported yet. Report it to IT support.',
  },
  KEY_INVALID: {
    vi: 'Thông tin nhập chưa đúng định dạng. Số định danh gồm 12 chữ số; ngày theo dạng ngày/tháng/năm.',
    en: 'The entered data is not in the right format. The ID number has 12 digits; dates are day/month/year.',
  },
  MRZ_INVALID: {
    vi: 'Dòng MRZ không hợp lệ (sai số kiểm tra). Nhập lại hoặc quét lại mặt sau thẻ.',
    en: 'The MRZ is invalid (check digit mismatch). Re-enter it or scan the back of the card again.',
  },
  QR_UNKNOWN_LAYOUT: {
    vi: 'Không nhận ra mã QR này. Nhập số định danh và ngày sinh bằng tay.',
    en: 'This QR code layout is not recognised. Enter the ID number and date of birth by hand.',
  },
  CANCELLED: {
    vi: 'Đã hủy việc đọc thẻ.',
    en: 'The read was cancelled.',
  },
  WRONG_CARD: {
    vi: 'Thẻ đặt lại không phải thẻ đang đọc. Đặt đúng thẻ ban đầu hoặc bắt đầu lượt đọc mới.',
    en: 'A different card was placed. Place the original card or start a new read.',
  },
  INTERNAL: {
    vi: 'Lỗi nội bộ của phần mềm. Thử lại; nếu vẫn lỗi, báo bộ phận kỹ thuật.',
    en: 'Internal software error. Try again; if it persists, report it to IT support.',
  },
  STORAGE_NEWER_VERSION: {
    vi: 'Dữ liệu được tạo bởi phiên bản phần mềm mới hơn. Cập nhật phần mềm lên phiên bản mới nhất; không xóa dữ liệu.',
    en: 'The data was written by a newer version of the software. Update the software; do not delete the data.',
  },
  STORAGE_ERROR: {
    vi: 'Không dùng được thư mục dữ liệu hoặc cơ sở dữ liệu. Kiểm tra dung lượng đĩa và quyền truy cập, rồi gọi bộ phận kỹ thuật.',
    en: 'The data folder or database cannot be used. Check disk space and permissions, then call IT support.',
  },
  STORAGE_KEY_WRONG: {
    vi: 'Không mở được cơ sở dữ liệu: khóa mã hóa (master.key) không khớp. Khôi phục tệp master.key của máy này từ bản sao lưu hoặc gọi bộ phận kỹ thuật; không xóa dữ liệu.',
    en: "The database does not open with this kiosk's encryption key (master.key). Restore this kiosk's master.key from backup or call IT support; do not delete the data.",
  },
  SECRETS_UNAVAILABLE: {
    vi: 'Không mở được khóa bảo mật của máy (master.key được hệ điều hành niêm phong). Mở ứng dụng ChipID Kiosk bằng đúng tài khoản đã cài đặt, hoặc gọi bộ phận kỹ thuật.',
    en: "The kiosk's secret key (master.key) is sealed by the operating system and cannot be opened here. Start the ChipID Kiosk app under the account that installed it, or call IT support.",
  },
  API_HOST_REFUSED: {
    vi: 'Dịch vụ kết nối cục bộ chỉ được mở trên 127.0.0.1. Bỏ cấu hình địa chỉ khác và khởi động lại.',
    en: 'The local agent API listens on 127.0.0.1 only. Remove the other address from the settings and restart.',
  },
  API_PORT_IN_USE: {
    vi: 'Cổng của dịch vụ kết nối cục bộ đang bị chương trình khác dùng. Chọn cổng khác hoặc đóng chương trình đó.',
    en: 'The local agent API port is used by another program. Choose another port or close that program.',
  },
  API_PAIR_INVALID: {
    vi: 'Thông tin ghép nối không hợp lệ. Nhập tên, mục đích (hospital, bank, verify-only) và địa chỉ web dạng https://his.benhvien.vn.',
    en: 'The pairing details are invalid. Give a name, a purpose (hospital, bank, verify-only) and origins like https://his.hospital.vn.',
  },
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
  DUMP_INVALID: {
    vi: 'Tệp lượt đọc đã lưu bị hỏng hoặc không phải tệp của chipid read --dump. Xin tệp gốc từ kiosk đã đọc thẻ; không dùng tệp này làm bằng chứng.',
    en: 'The saved read is damaged or was not written by chipid read --dump. Ask the reading kiosk for the original file; do not use this one as proof.',
  },
  TRUST_FILE_INVALID: {
    vi: 'Không dùng được tệp hoặc thư mục tin cậy đã chỉ định (--trust / --kiosk-key). Chỉ định tệp chứng thư (.cer, .der, .pem), danh sách (.ml, .ldif, .crl) hoặc khóa công khai kiosk, hay thư mục chứa các tệp đó.',
    en: 'The trust file or folder given (--trust / --kiosk-key) cannot be used. Give certificates (.cer, .der, .pem), lists (.ml, .ldif, .crl) or a kiosk public key, or a folder holding them.',
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

export function userMessage(code: ErrorCode): UserMessage {
  return MESSAGES[code];
}

export class ChipIdError extends Error {
  readonly code: ErrorCode;
  /** Status word when the error came from the card. */
  readonly sw?: number;
  constructor(code: ErrorCode, detail: string, opts: { cause?: unknown; sw?: number } = {}) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ChipIdError';
    this.code = code;
    if (opts.sw !== undefined) this.sw = opts.sw;
  }
  get messageVi(): string {
    return MESSAGES[this.code].vi;
  }
  get messageEn(): string {
    return MESSAGES[this.code].en;
  }
  /** The `{ error: { code, message, messageVi } }` shape of the CLI and the API. */
  toJSON(): { code: ErrorCode; message: string; messageVi: string; detail: string } {
    return { code: this.code, message: this.messageEn, messageVi: this.messageVi, detail: this.message };
  }
}

/** Parse errors say where: `DG13(field 9): length exceeds file`. */
export class ParseError extends ChipIdError {
  constructor(where: string, what: string, opts: { cause?: unknown } = {}) {
    super('PARSE_ERROR', `${where}: ${what}`, opts);
    this.name = 'ParseError';
  }
}

export function isChipIdError(e: unknown): e is ChipIdError {
  return e instanceof ChipIdError;
}

/** Wraps anything thrown into a ChipIdError (unknown failures become INTERNAL). */
export function asChipIdError(e: unknown): ChipIdError {
  if (e instanceof ChipIdError) return e;
  return new ChipIdError('INTERNAL', e instanceof Error ? e.message : String(e), { cause: e });
}
