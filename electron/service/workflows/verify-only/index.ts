/**
 * verify-only: the kiosk proves the card and shows the result; nothing follows a verified read. The
 * baseline every other workflow builds on: a chip whose data is intact, genuine, issued by a trusted CSCA
 * and valid today (verify.ts REQUIRED_TIERS).
 */
import { REQUIRED_TIERS } from '../../verify.js';
import type { Workflow } from '../types.js';
import { workflow } from './contract.js';

export const verifyOnly: Workflow = {
  name: workflow.name,
  label: workflow.label,
  requiredTiers: REQUIRED_TIERS,
};
