/**
 * The base of the product's error hierarchy and the protocol layer's own codes. Every error has a stable
 * `code` and a Vietnamese and an English message that say what to do next. Each layer owns its codes and
 * texts (a catalogue) and throws its own subclass of CodedError: the card and protocol codes are here; the
 * storage's are in electron/service/storage/errors.ts, the admin PIN's in electron/service/admin-errors.ts,
 * the local API's in electron/contract/errors.ts. One converter (toErrorInfo, electron/contract/errors.ts)
 * turns any of them into the wire answer. Messages never contain personal data (ID numbers, names, MRZ,
 * CAN, keys, APDU data).
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
  | 'DUMP_INVALID' // a saved read (chipid read --dump) is not JSON of the dump format; the message names the field
  | 'TRUST_FILE_INVALID'; // a --trust or --kiosk-key path that holds no usable certificate, list or key

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
  DUMP_INVALID: {
    vi: 'Tệp lượt đọc đã lưu bị hỏng hoặc không phải tệp của chipid read --dump. Xin tệp gốc từ kiosk đã đọc thẻ; không dùng tệp này làm bằng chứng.',
    en: 'The saved read is damaged or was not written by chipid read --dump. Ask the reading kiosk for the original file; do not use this one as proof.',
  },
  TRUST_FILE_INVALID: {
    vi: 'Không dùng được tệp hoặc thư mục tin cậy đã chỉ định (--trust / --kiosk-key). Chỉ định tệp chứng thư (.cer, .der, .pem), danh sách (.ml, .ldif, .crl) hoặc khóa công khai kiosk, hay thư mục chứa các tệp đó.',
    en: 'The trust file or folder given (--trust / --kiosk-key) cannot be used. Give certificates (.cer, .der, .pem), lists (.ml, .ldif, .crl) or a kiosk public key, or a folder holding them.',
  },
};

export function userMessage(code: ErrorCode): UserMessage {
  return MESSAGES[code];
}

/** A layer's error codes with their two texts each. */
export type Catalogue<C extends string> = Readonly<Record<C, UserMessage>>;

/** The product's protocol-layer catalogue (card, reader, key and parsing codes). */
export const EMRTD_ERRORS: Catalogue<ErrorCode> = MESSAGES;

/**
 * An error with a stable code and the two texts of its layer's catalogue. Subclassed per layer; the
 * detail (`message`) is for logs and never reaches a person or a client.
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  /** Status word when the error came from the card. */
  readonly sw?: number;
  readonly #text: UserMessage;
  constructor(code: C, text: UserMessage, detail: string, opts: { cause?: unknown; sw?: number } = {}) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CodedError';
    this.code = code;
    this.#text = text;
    if (opts.sw !== undefined) this.sw = opts.sw;
  }
  get messageVi(): string {
    return this.#text.vi;
  }
  get messageEn(): string {
    return this.#text.en;
  }
  /** The `{ error: { code, message, messageVi } }` shape of the CLI and the API. */
  toJSON(): { code: C; message: string; messageVi: string; detail: string } {
    return { code: this.code, message: this.messageEn, messageVi: this.messageVi, detail: this.message };
  }
}

/** An error of the protocol layer (card, reader, keys, parsing). */
export class ChipIdError extends CodedError<ErrorCode> {
  constructor(code: ErrorCode, detail: string, opts: { cause?: unknown; sw?: number } = {}) {
    super(code, MESSAGES[code], detail, opts);
    this.name = 'ChipIdError';
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

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError;
}

/** Wraps anything thrown into a ChipIdError (unknown failures become INTERNAL). */
export function asChipIdError(e: unknown): ChipIdError {
  if (e instanceof ChipIdError) return e;
  return new ChipIdError('INTERNAL', e instanceof Error ? e.message : String(e), { cause: e });
}

/** Any layer's coded error as it is; anything else becomes INTERNAL (the detail kept for logs only). */
export function asCodedError(e: unknown): CodedError {
  if (e instanceof CodedError) return e;
  return asChipIdError(e);
}
