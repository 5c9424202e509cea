/**
 * The errors of the contract: the wire shape of an error (code + English + Vietnamese, each saying what to
 * do next), the Result every call answers with, the local API's own error codes, and the one converter
 * from anything thrown to the wire answer (toErrorInfo). Pure: no node:*, no DOM.
 */

export interface ErrorInfo {
  code: string;
  /** English, says what to do next. */
  message: string;
  /** Vietnamese, says what to do next. */
  messageVi: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/**
 * Error codes of the local API itself (reading errors keep the codes of electron/emrtd/errors.ts, storage
 * and admin errors those of their layers). KEY_INVALID and INTERNAL are answered by the contract's own
 * validation and converter too: their texts equal the protocol layer's (a test holds them equal).
 */
export type ApiErrorCode =
  | 'API_MALFORMED' // not JSON, or not the shape of any request
  | 'API_UNKNOWN_TYPE'
  | 'API_TOO_LARGE'
  | 'API_INVALID_FIELD' // a field has the wrong form (id, readerId, token…)
  | 'KEY_INVALID' // same code and text as electron/emrtd/errors.ts
  | 'API_UNAUTHORIZED'
  | 'API_FORBIDDEN_ORIGIN'
  | 'API_FORBIDDEN' // a request only the kiosk's own UI may send
  | 'API_FORBIDDEN_HOST'
  | 'API_RATE_LIMITED'
  | 'API_BUSY'
  | 'API_NOT_FOUND'
  | 'API_METHOD_NOT_ALLOWED'
  | 'API_ALREADY_AUTHENTICATED'
  | 'API_READ_TIMEOUT'
  | 'API_CLIENT_CHANGED' // the client's purpose or origins changed while connected: reconnect
  | 'API_HOST_REFUSED' // the local agent API was asked to listen on anything but 127.0.0.1
  | 'API_PORT_IN_USE' // the local agent API's port is taken
  | 'API_PAIR_INVALID' // pairing a local API client with a bad name, purpose or origin
  | 'INTERNAL';

/** The local API's catalogue: each code with its two texts. */
export const API_ERRORS: Readonly<Record<ApiErrorCode, { en: string; vi: string }>> = {
  API_MALFORMED: {
    en: 'The request is not valid JSON in the shape of a ChipID API request. Fix the client (see chipid-api.schema.json).',
    vi: 'Yêu cầu không phải JSON đúng dạng của ChipID API. Sửa chương trình gọi (xem chipid-api.schema.json).',
  },
  API_UNKNOWN_TYPE: {
    en: 'Unknown request type. Use one of the types listed in chipid-api.schema.json, or update the client.',
    vi: 'Loại yêu cầu không được hỗ trợ. Dùng một loại trong chipid-api.schema.json hoặc cập nhật chương trình gọi.',
  },
  API_TOO_LARGE: {
    en: 'The message is too large. Send smaller requests (at most 16 KiB each).',
    vi: 'Thông điệp quá lớn. Gửi yêu cầu nhỏ hơn (tối đa 16 KiB mỗi yêu cầu).',
  },
  API_INVALID_FIELD: {
    en: 'A field of the request has the wrong form. Check the request against chipid-api.schema.json.',
    vi: 'Một trường của yêu cầu sai định dạng. Kiểm tra yêu cầu theo chipid-api.schema.json.',
  },
  KEY_INVALID: {
    en: 'The entered data is not in the right format. The ID number has 12 digits; dates are day/month/year.',
    vi: 'Thông tin nhập chưa đúng định dạng. Số định danh gồm 12 chữ số; ngày theo dạng ngày/tháng/năm.',
  },
  API_UNAUTHORIZED: {
    en: 'Not paired with this kiosk, or the token was revoked. Pair the system again (chipid pair) and use the new token.',
    vi: 'Hệ thống chưa được ghép nối với máy kiosk hoặc mã truy cập đã bị thu hồi. Ghép nối lại (chipid pair) và dùng mã mới.',
  },
  API_FORBIDDEN_ORIGIN: {
    en: 'This web address is not allowed for this client. Add it to the client’s allowed origins when pairing.',
    vi: 'Địa chỉ web này không được phép cho hệ thống đã ghép nối. Thêm địa chỉ vào danh sách được phép khi ghép nối.',
  },
  API_FORBIDDEN: {
    en: 'Only the kiosk’s own screen may use settings and the admin PIN. Change them at the kiosk.',
    vi: 'Chỉ màn hình của chính máy kiosk được dùng phần cài đặt và mã PIN quản trị. Thay đổi tại máy kiosk.',
  },
  API_FORBIDDEN_HOST: {
    en: 'The kiosk agent answers only on 127.0.0.1 or localhost. Use http://127.0.0.1:<port>.',
    vi: 'Dịch vụ kiosk chỉ trả lời qua 127.0.0.1 hoặc localhost. Dùng địa chỉ http://127.0.0.1:<cổng>.',
  },
  API_RATE_LIMITED: {
    en: 'Too many requests. Wait a moment and send fewer requests (use the pushed events instead of polling).',
    vi: 'Quá nhiều yêu cầu. Chờ một lát và gửi ít yêu cầu hơn (dùng sự kiện được đẩy thay vì hỏi liên tục).',
  },
  API_BUSY: {
    en: 'The kiosk agent has too many connections. Close unused connections and try again.',
    vi: 'Dịch vụ kiosk đang có quá nhiều kết nối. Đóng các kết nối không dùng rồi thử lại.',
  },
  API_NOT_FOUND: {
    en: 'No such endpoint. Check the URL (the API lives under /api/v1/).',
    vi: 'Không có địa chỉ này. Kiểm tra lại URL (API nằm dưới /api/v1/).',
  },
  API_METHOD_NOT_ALLOWED: {
    en: 'This endpoint does not accept that HTTP method. Check the API documentation.',
    vi: 'Địa chỉ này không nhận phương thức HTTP đó. Xem lại tài liệu API.',
  },
  API_ALREADY_AUTHENTICATED: {
    en: 'This connection has already said hello. Send requests directly.',
    vi: 'Kết nối này đã xác thực. Gửi yêu cầu trực tiếp.',
  },
  API_READ_TIMEOUT: {
    en: 'No result in time. Check that the card is on the reader, then start the read again.',
    vi: 'Không có kết quả kịp thời. Kiểm tra thẻ đã đặt trên đầu đọc rồi bắt đầu đọc lại.',
  },
  API_CLIENT_CHANGED: {
    en: 'This system’s pairing changed (purpose or allowed web addresses). Reconnect and say hello again.',
    vi: 'Thông tin ghép nối của hệ thống đã thay đổi (mục đích hoặc địa chỉ web được phép). Kết nối lại và xác thực lại.',
  },
  API_HOST_REFUSED: {
    en: 'The local agent API listens on 127.0.0.1 only. Remove the other address from the settings and restart.',
    vi: 'Dịch vụ kết nối cục bộ chỉ được mở trên 127.0.0.1. Bỏ cấu hình địa chỉ khác và khởi động lại.',
  },
  API_PORT_IN_USE: {
    en: 'The local agent API port is used by another program. Choose another port or close that program.',
    vi: 'Cổng của dịch vụ kết nối cục bộ đang bị chương trình khác dùng. Chọn cổng khác hoặc đóng chương trình đó.',
  },
  API_PAIR_INVALID: {
    en: 'The pairing details are invalid. Give a name, a purpose (hospital, bank, verify-only) and origins like https://his.hospital.vn.',
    vi: 'Thông tin ghép nối không hợp lệ. Nhập tên, mục đích (hospital, bank, verify-only) và địa chỉ web dạng https://his.benhvien.vn.',
  },
  INTERNAL: {
    en: 'Internal software error. Try again; if it persists, report it to IT support.',
    vi: 'Lỗi nội bộ của phần mềm. Thử lại; nếu vẫn lỗi, báo bộ phận kỹ thuật.',
  },
};

/** The `{ code, message, messageVi }` of an API error. */
export function apiError(code: ApiErrorCode): ErrorInfo {
  const m = API_ERRORS[code];
  return { code, message: m.en, messageVi: m.vi };
}

/**
 * THE converter: anything thrown → the error a person or a client may see. A coded error of any layer
 * (CodedError and its subclasses: code, messageEn, messageVi) keeps its code and texts; an ErrorInfo
 * passed along keeps its own. Anything else — a plain Error, a string, a Node system error — is INTERNAL,
 * its message never copied (it may hold paths or data). Structural, so the contract imports no layer.
 */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e !== null && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; messageEn?: unknown; messageVi?: unknown };
    if (typeof o.code === 'string' && typeof o.messageVi === 'string') {
      // A coded error's `message` is its detail (for logs): only its messageEn is shown.
      const en = typeof o.messageEn === 'string' ? o.messageEn : !(e instanceof Error) && typeof o.message === 'string' ? o.message : undefined;
      if (en !== undefined) return { code: o.code, message: en, messageVi: o.messageVi };
    }
  }
  return apiError('INTERNAL');
}

