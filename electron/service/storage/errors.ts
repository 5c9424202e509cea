/**
 * The storage layer's error codes (the data directory, the installation's key file and the encrypted
 * database), each with the Vietnamese and English text that says what to do next.
 */
import { CodedError, type Catalogue } from '../../emrtd/errors.js';

export type StorageErrorCode =
  | 'STORAGE_NEWER_VERSION' // the database was written by a newer version of the app
  | 'STORAGE_ERROR' // the data directory, key file or database cannot be used
  | 'STORAGE_KEY_WRONG' // the database does not open with this installation's key
  | 'SECRETS_UNAVAILABLE'; // the master key is sealed by the OS keystore and cannot be unsealed here

export const STORAGE_ERRORS: Catalogue<StorageErrorCode> = {
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
};

/** A failure of the data directory, the key file or the database. */
export class StorageError extends CodedError<StorageErrorCode> {
  constructor(code: StorageErrorCode, detail: string, opts: { cause?: unknown } = {}) {
    super(code, STORAGE_ERRORS[code], detail, opts);
    this.name = 'StorageError';
  }
}
