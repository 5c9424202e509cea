/**
 * The central database's errors: a stable code, a Vietnamese and an English message that say what to do next,
 * and a detail for support (never the URL's password: `redactUrl`). The fleet layer may not import the protocol
 * layer's CodedError, so this is its own small class of the same shape (code, messageVi, messageEn, toJSON);
 * the command line turns it into its CodedError.
 */
export const FLEET_ERROR_CODES = ['FLEET_UNREACHABLE', 'FLEET_AUTH', 'FLEET_SCHEMA_NEWER', 'FLEET_PROTOCOL', 'FLEET_CONFIG', 'FLEET_INVALID_QUERY'] as const;
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

const MESSAGES: Record<FleetErrorCode, { vi: string; en: string }> = {
  FLEET_UNREACHABLE: {
    vi: 'Không kết nối được máy chủ báo cáo trung tâm. Sự kiện vẫn được lưu trên kiosk và sẽ tự gửi lại; kiểm tra mạng hoặc báo quản trị viên.',
    en: 'The central reporting server cannot be reached. Events stay on this kiosk and are sent again automatically; check the network or tell the administrator.',
  },
  FLEET_AUTH: {
    vi: 'Máy chủ báo cáo trung tâm từ chối tên đăng nhập hoặc mật khẩu. Quản trị viên cần sửa địa chỉ CHIPID_FLEET_URL.',
    en: 'The central reporting server refused the user name or password. The administrator must correct CHIPID_FLEET_URL.',
  },
  FLEET_SCHEMA_NEWER: {
    vi: 'Cơ sở dữ liệu trung tâm dùng phiên bản mà kiosk này không hỗ trợ. Hãy cập nhật phần mềm kiosk.',
    en: 'The central database uses a version this kiosk cannot work with. Update the kiosk software.',
  },
  FLEET_PROTOCOL: {
    vi: 'Máy chủ báo cáo trung tâm trả lời không như mong đợi. Sự kiện vẫn được lưu trên kiosk; báo quản trị viên.',
    en: 'The central reporting server answered unexpectedly. Events stay on this kiosk; tell the administrator.',
  },
  FLEET_CONFIG: {
    vi: 'Chưa cấu hình máy chủ báo cáo trung tâm. Đặt CHIPID_FLEET_URL=postgres://… (hoặc --url) rồi thử lại.',
    en: 'No central reporting server is configured. Set CHIPID_FLEET_URL=postgres://… (or --url) and try again.',
  },
  FLEET_INVALID_QUERY: {
    vi: 'Khoảng thời gian hoặc bộ lọc không hợp lệ. Chọn lại khoảng thời gian (tối đa một năm) rồi thử lại.',
    en: 'The period or filter is not valid. Choose the period again (at most a year) and try again.',
  },
};

export class FleetError extends Error {
  readonly code: FleetErrorCode;
  constructor(code: FleetErrorCode, detail: string, opts: { cause?: unknown } = {}) {
    super(detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FleetError';
    this.code = code;
  }
  get messageVi(): string {
    return MESSAGES[this.code].vi;
  }
  get messageEn(): string {
    return MESSAGES[this.code].en;
  }
  get text(): { vi: string; en: string } {
    return MESSAGES[this.code];
  }
  toJSON(): { code: FleetErrorCode; message: string; messageVi: string; detail: string } {
    return { code: this.code, message: this.messageEn, messageVi: this.messageVi, detail: this.message };
  }
}

/** A database URL without its password (for messages and status). */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@]*@/, '$1:***@');
}

const UNREACHABLE_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * Any error from the driver as a FleetError: network failures, a server shutting down or refusing connections
 * (SQLSTATE class 08, 57P01–57P03, 53300 too many connections) are FLEET_UNREACHABLE; 28xxx is FLEET_AUTH
 * (PostgreSQL's SQLSTATE list, Appendix A of its manual); anything else is FLEET_PROTOCOL. The detail never
 * holds the URL, so no password can leak through it.
 */
export function asFleetError(e: unknown): FleetError {
  if (e instanceof FleetError) return e;
  const o = (e ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof o.code === 'string' ? o.code : '';
  const msg = typeof o.message === 'string' ? o.message : String(e);
  const detail = `${code ? `${code}: ` : ''}${msg}`.replace(/\w+:\/\/[^\s]*/g, (u) => redactUrl(u)).slice(0, 300);
  if (UNREACHABLE_NET.has(code) || /^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '3D000'].includes(code)) return new FleetError('FLEET_UNREACHABLE', detail, { cause: e });
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(msg)) return new FleetError('FLEET_UNREACHABLE', detail, { cause: e });
  if (/^28/.test(code) || /password authentication failed|SASL/i.test(msg)) return new FleetError('FLEET_AUTH', detail, { cause: e });
  return new FleetError('FLEET_PROTOCOL', detail, { cause: e });
}
