/**
 * The hospital workflow's error codes, each with the Vietnamese and English text that says what to do next.
 * Thrown as HospitalError; the API's one converter (contract/errors.ts toErrorInfo) turns them into answers.
 * No text here may carry personal data: the `detail` (for logs) names fields, never their values.
 */
import { CodedError, type Catalogue } from '../../../emrtd/errors.js';

export type HospitalErrorCode =
  | 'HOSPITAL_NO_OPERATOR' // the counter has no signed-in operator
  | 'HOSPITAL_ROLE_REQUIRED' // the operator's role may not do this (supervisor or admin needed)
  | 'HOSPITAL_OVERRIDE_REFUSED' // a supervisor override with a wrong PIN or a non-supervisor
  | 'HOSPITAL_NOT_VERIFIED' // the read is not verified and no override was given
  | 'HOSPITAL_NO_READ' // no read waiting at this counter (or it was already checked in)
  | 'HOSPITAL_NO_ID' // the read has no 12-digit CCCD number (a passport, a damaged DG13)
  | 'HOSPITAL_CHANGES_UNCONFIRMED' // the read differs from the registry and the receptionist has not confirmed
  | 'HOSPITAL_UNKNOWN_DEPARTMENT'
  | 'HOSPITAL_DEPARTMENT_INVALID'
  | 'HOSPITAL_UNKNOWN_VISIT'
  | 'HOSPITAL_UNKNOWN_PATIENT'
  | 'HOSPITAL_SEARCH_INVALID' // neither an ID nor a name with a date of birth
  | 'HOSPITAL_GATEWAY_NOT_CONFIGURED'
  | 'HOSPITAL_GATEWAY_UNREACHABLE' // offline, refused, timed out
  | 'HOSPITAL_GATEWAY_AUTH' // login refused, or 401 again after a new token
  | 'HOSPITAL_GATEWAY_ANSWER' // an answer that is not the contract's shape
  | 'HOSPITAL_PRINTER_NOT_CONFIGURED'
  | 'HOSPITAL_PRINTER_OFFLINE'
  | 'HOSPITAL_PRINTER_NO_PAPER'
  | 'HOSPITAL_PRINTER_ERROR'
  | 'HOSPITAL_HIS_UNREACHABLE'
  | 'HOSPITAL_HIS_REFUSED';

export const HOSPITAL_ERRORS: Catalogue<HospitalErrorCode> = {
  HOSPITAL_NO_OPERATOR: {
    vi: 'Quầy chưa có nhân viên đăng nhập. Chọn tên của bạn và nhập mã PIN rồi thử lại.',
    en: 'No operator is signed in at this counter. Pick your name, enter your PIN and try again.',
  },
  HOSPITAL_ROLE_REQUIRED: {
    vi: 'Việc này cần quyền giám sát hoặc quản trị. Nhờ người giám sát đăng nhập hoặc xác nhận.',
    en: 'This needs a supervisor or an admin. Ask a supervisor to sign in or to confirm.',
  },
  HOSPITAL_OVERRIDE_REFUSED: {
    vi: 'Xác nhận của người giám sát không hợp lệ (sai mã PIN hoặc không có quyền giám sát). Nhập lại hoặc gọi người giám sát khác.',
    en: 'The supervisor’s confirmation was refused (wrong PIN, or not a supervisor). Enter it again or call another supervisor.',
  },
  HOSPITAL_NOT_VERIFIED: {
    vi: 'Thẻ chưa được xác thực. Đọc lại thẻ; nếu vẫn không được, chỉ người giám sát mới có thể cho tiếp đón (ghi lý do).',
    en: 'The card is not verified. Read it again; if that fails, only a supervisor can let the check-in through (with a reason).',
  },
  HOSPITAL_NO_READ: {
    vi: 'Chưa có thẻ nào vừa đọc ở quầy này. Đặt thẻ căn cước lên đầu đọc rồi thử lại.',
    en: 'No card has just been read at this counter. Place the ID card on the reader and try again.',
  },
  HOSPITAL_NO_ID: {
    vi: 'Thẻ không có số căn cước 12 chữ số. Dùng thẻ căn cước gắn chip, hoặc nhờ người giám sát nhập tay.',
    en: 'The card has no 12-digit ID number. Use a chip ID card, or ask a supervisor to enter the identity by hand.',
  },
  HOSPITAL_CHANGES_UNCONFIRMED: {
    vi: 'Thông tin trên thẻ khác với hồ sơ đã lưu. Xem các thay đổi, xác nhận rồi tạo lượt khám.',
    en: 'The card’s data differs from the stored record. Review the changes, confirm them, then check in.',
  },
  HOSPITAL_UNKNOWN_DEPARTMENT: {
    vi: 'Không có khoa/phòng khám này. Chọn một khoa trong danh sách.',
    en: 'No such department. Pick a department from the list.',
  },
  HOSPITAL_DEPARTMENT_INVALID: {
    vi: 'Thông tin khoa không hợp lệ: mã 2–10 chữ in hoa hoặc số, tên không để trống, tiền tố số thứ tự tối đa 3 chữ in hoa.',
    en: 'The department is not valid: a code of 2–10 capital letters or digits, a name, a queue prefix of at most 3 capital letters.',
  },
  HOSPITAL_UNKNOWN_VISIT: {
    vi: 'Không tìm thấy lượt khám này. Kiểm tra mã lượt khám hoặc tìm trong danh sách hôm nay.',
    en: 'Visit not found. Check the visit code or look it up in today’s list.',
  },
  HOSPITAL_UNKNOWN_PATIENT: {
    vi: 'Không tìm thấy người bệnh này trong hồ sơ. Kiểm tra số căn cước.',
    en: 'No such patient in the registry. Check the ID number.',
  },
  HOSPITAL_SEARCH_INVALID: {
    vi: 'Tìm theo số căn cước (12 chữ số), hoặc theo họ tên kèm ngày sinh.',
    en: 'Search by ID number (12 digits), or by full name together with the date of birth.',
  },
  HOSPITAL_GATEWAY_NOT_CONFIGURED: {
    vi: 'Chưa cấu hình cổng tra cứu BHYT. Nhập địa chỉ, tên đăng nhập và mật khẩu ở Cài đặt → Cổng BHYT. Vẫn có thể tiếp đón (chưa kiểm tra thẻ BHYT).',
    en: 'The insurance gateway is not set up. Enter its address, username and password in Settings → Insurance gateway. Check-in still works (insurance unchecked).',
  },
  HOSPITAL_GATEWAY_UNREACHABLE: {
    vi: 'Không kết nối được cổng BHYT. Lượt khám vẫn được tạo; máy sẽ tự tra cứu lại khi có mạng.',
    en: 'The insurance gateway cannot be reached. The visit is still made; the kiosk will look it up again when the network is back.',
  },
  HOSPITAL_GATEWAY_AUTH: {
    vi: 'Cổng BHYT từ chối đăng nhập. Kiểm tra tên đăng nhập và mật khẩu ở Cài đặt → Cổng BHYT.',
    en: 'The insurance gateway refused the login. Check the username and password in Settings → Insurance gateway.',
  },
  HOSPITAL_GATEWAY_ANSWER: {
    vi: 'Cổng BHYT trả lời không đúng định dạng. Máy sẽ thử lại; nếu lặp lại, báo bộ phận CNTT.',
    en: 'The insurance gateway answered in an unexpected form. The kiosk will try again; if it keeps happening, tell IT.',
  },
  HOSPITAL_PRINTER_NOT_CONFIGURED: {
    vi: 'Chưa cấu hình máy in phiếu. Chọn máy in ở Cài đặt → Máy in, hoặc tải phiếu PDF.',
    en: 'No ticket printer is set up. Choose one in Settings → Printer, or download the PDF ticket.',
  },
  HOSPITAL_PRINTER_OFFLINE: {
    vi: 'Máy in phiếu không phản hồi. Kiểm tra nguồn và cáp mạng của máy in, rồi bấm In lại trong danh sách lượt khám.',
    en: 'The ticket printer does not answer. Check its power and network cable, then press Reprint in the visit list.',
  },
  HOSPITAL_PRINTER_NO_PAPER: {
    vi: 'Máy in phiếu hết giấy. Thay cuộn giấy rồi bấm In lại trong danh sách lượt khám.',
    en: 'The ticket printer is out of paper. Load a new roll, then press Reprint in the visit list.',
  },
  HOSPITAL_PRINTER_ERROR: {
    vi: 'Máy in phiếu báo lỗi. Mở nắp kiểm tra kẹt giấy, rồi bấm In lại trong danh sách lượt khám.',
    en: 'The ticket printer reports an error. Open its cover and check for a paper jam, then press Reprint in the visit list.',
  },
  HOSPITAL_HIS_UNREACHABLE: {
    vi: 'Không gửi được lượt khám sang hệ thống bệnh viện (HIS). Máy sẽ tự gửi lại; không cần tạo lại lượt khám.',
    en: 'The visit could not be sent to the hospital system (HIS). The kiosk will send it again; do not make the visit again.',
  },
  HOSPITAL_HIS_REFUSED: {
    vi: 'Hệ thống bệnh viện (HIS) từ chối lượt khám. Báo bộ phận CNTT; lượt khám vẫn được lưu ở kiosk.',
    en: 'The hospital system (HIS) refused the visit. Tell IT; the visit is kept at the kiosk.',
  },
};

export class HospitalError extends CodedError<HospitalErrorCode> {
  constructor(code: HospitalErrorCode, detail: string, opts?: { cause?: unknown }) {
    super(code, HOSPITAL_ERRORS[code], detail, opts);
    this.name = 'HospitalError';
  }
}
