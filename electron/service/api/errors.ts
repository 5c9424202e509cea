/** The local API's errors as thrown by the service side (the codes and texts are the contract's). */
import { CodedError } from '../../emrtd/errors.js';
import { API_ERRORS, type ApiErrorCode } from '../../contract/errors.js';

/** A refused local API set-up: a host other than 127.0.0.1, a port in use, bad pairing details. */
export class ApiError extends CodedError<ApiErrorCode> {
  constructor(code: ApiErrorCode, detail: string, opts: { cause?: unknown } = {}) {
    super(code, API_ERRORS[code], detail, opts);
    this.name = 'ApiError';
  }
}
