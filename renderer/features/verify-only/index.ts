/** verify-only: the core's result screen, no settings of its own. */
import type { Feature } from '../types.js';

export const verifyOnly: Feature = {
  name: 'verify-only',
  label: { vi: 'Chỉ xác thực thẻ', en: 'Verify only' },
};
