/**
 * The bank workflow's error codes, each with the Vietnamese and English text that says what to do next.
 * Thrown as BankError; the API's one converter (contract/errors.ts toErrorInfo) turns them into answers.
 * No text here carries personal data: `detail` (for logs) names fields, never their values.
 */
import { CodedError, type Catalogue } from '../../../emrtd/errors.js';

export type BankErrorCode =
  | 'BANK_NO_OPERATOR' // no teller signed in at the counter
  | 'BANK_UNKNOWN_CHECK' // no such check (or it was never made here)
  | 'BANK_CHECK_STALE' // the check was replaced by a newer read, or expired
  | 'BANK_OTHER_COUNTER' // the check belongs to another counter
  | 'BANK_CHECK_DECIDED' // the check was already confirmed or refused
  | 'BANK_NO_CHALLENGE' // a frame for a check whose challenge is not running
  | 'BANK_FRAME_INVALID' // a frame that is not a decodable JPEG
  | 'BANK_FRAME_TOO_LARGE' // a frame larger than the caps
  | 'BANK_FACE_ENGINE' // the face model could not be loaded
  | 'BANK_REASON_REQUIRED' // refusing (or overriding) needs a reason
  | 'BANK_OVERRIDE_REQUIRED' // confirming a failed or uncompared check needs a supervisor's override
  | 'BANK_OVERRIDE_REFUSED' // wrong PIN, or not a supervisor
  | 'BANK_NO_RECEIPT' // the check has no receipt yet (not decided)
  | 'BANK_NO_SIGNING_KEY'; // no kiosk key to sign with

export const BANK_ERRORS: Catalogue<BankErrorCode> = {
  BANK_NO_OPERATOR: {
    vi: 'Quầy chưa có giao dịch viên đăng nhập. Chọn tên của bạn và nhập mã PIN rồi thử lại.',
    en: 'No teller is signed in at this counter. Pick your name, enter your PIN and try again.',
  },
  BANK_UNKNOWN_CHECK: {
    vi: 'Không tìm thấy lượt xác thực này. Đặt thẻ căn cước của khách lên đầu đọc để bắt đầu lại.',
    en: 'No such customer check. Place the customer’s ID card on the reader to start again.',
  },
  BANK_CHECK_STALE: {
    vi: 'Lượt xác thực này đã được thay bằng lần đọc thẻ mới hoặc đã hết hạn. Dùng lượt xác thực đang hiển thị, hoặc đọc lại thẻ.',
    en: 'This check was replaced by a newer card read or has expired. Use the check on screen, or read the card again.',
  },
  BANK_OTHER_COUNTER: {
    vi: 'Lượt xác thực này thuộc quầy khác. Mỗi quầy chỉ xử lý thẻ đọc tại quầy đó.',
    en: 'This check belongs to another counter. Each counter handles only the cards read at it.',
  },
  BANK_CHECK_DECIDED: {
    vi: 'Lượt xác thực này đã được xác nhận hoặc từ chối. Đọc lại thẻ để làm lượt mới.',
    en: 'This check has already been confirmed or refused. Read the card again for a new check.',
  },
  BANK_NO_CHALLENGE: {
    vi: 'Chưa bắt đầu kiểm tra khuôn mặt. Bấm “Bắt đầu” rồi để khách nhìn vào camera.',
    en: 'The face check has not been started. Press “Start”, then have the customer look at the camera.',
  },
  BANK_FRAME_INVALID: {
    vi: 'Khung hình từ camera không đọc được (không phải ảnh JPEG). Kiểm tra camera; lượt xác thực vẫn giữ nguyên.',
    en: 'The camera frame could not be read (not a JPEG image). Check the camera; the check is kept as it was.',
  },
  BANK_FRAME_TOO_LARGE: {
    vi: 'Khung hình từ camera quá lớn. Đặt camera ở độ phân giải 640×480 hoặc 1280×720; lượt xác thực vẫn giữ nguyên.',
    en: 'The camera frame is too large. Set the camera to 640×480 or 1280×720; the check is kept as it was.',
  },
  BANK_FACE_ENGINE: {
    vi: 'Không tải được mô hình nhận diện khuôn mặt. Khởi động lại kiosk; nếu vẫn lỗi, báo bộ phận CNTT. Có thể xác nhận bằng người giám sát.',
    en: 'The face model could not be loaded. Restart the kiosk; if it keeps failing, tell IT. A supervisor can still confirm with an override.',
  },
  BANK_REASON_REQUIRED: {
    vi: 'Cần ghi lý do. Nhập lý do rồi thử lại.',
    en: 'A reason is required. Enter the reason and try again.',
  },
  BANK_OVERRIDE_REQUIRED: {
    vi: 'Lượt xác thực chưa đạt (hoặc chưa so khuôn mặt). Chỉ người giám sát mới có thể xác nhận, bằng mã PIN của mình và ghi lý do.',
    en: 'The check did not pass (or the face was not compared). Only a supervisor can confirm it, with their own PIN and a reason.',
  },
  BANK_OVERRIDE_REFUSED: {
    vi: 'Xác nhận của người giám sát không hợp lệ (sai mã PIN hoặc không có quyền giám sát). Nhập lại hoặc gọi người giám sát khác.',
    en: 'The supervisor’s confirmation was refused (wrong PIN, or not a supervisor). Enter it again or call another supervisor.',
  },
  BANK_NO_RECEIPT: {
    vi: 'Lượt xác thực chưa có biên nhận: biên nhận được lập khi giao dịch viên xác nhận hoặc từ chối.',
    en: 'The check has no receipt yet: the receipt is made when the teller confirms or refuses.',
  },
  BANK_NO_SIGNING_KEY: {
    vi: 'Kiosk không có khóa ký biên nhận. Báo bộ phận CNTT (chipid keys).',
    en: 'The kiosk has no key to sign receipts with. Tell IT (chipid keys).',
  },
};

export class BankError extends CodedError<BankErrorCode> {
  constructor(code: BankErrorCode, detail: string, opts?: { cause?: unknown }) {
    super(code, BANK_ERRORS[code], detail, opts);
    this.name = 'BankError';
  }
}
