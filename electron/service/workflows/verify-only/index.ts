/**
 * verify-only: the kiosk proves the card and shows the result; nothing follows a verified read. The
 * baseline every other workflow builds on: a chip whose data is intact, genuine, issued by a trusted CSCA
 * and valid today (verify.ts REQUIRED_TIERS).
 */
import { REQUIRED_TIERS } from '../../verify.js';
import type { Workflow } from '../types.js';

export const verifyOnly: Workflow = {
  name: 'verify-only',
  label: { vi: 'Chỉ xác thực thẻ', en: 'Verify only' },
  requiredTiers: REQUIRED_TIERS,
};
