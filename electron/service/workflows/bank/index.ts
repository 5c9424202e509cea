/**
 * bank: customer verification at a bank counter. A read at a bank counter is held as a customer check; the
 * customer's live face is compared with the chip's DG2 portrait, an active challenge (turn the head, blink)
 * and the library's passive checks guard against a photo held up, the teller confirms or refuses (a failed
 * check only with a supervisor's override) and the kiosk signs an identification receipt.
 */
import { REQUIRED_TIERS } from '../../verify.js';
import type { Workflow } from '../types.js';
import { workflow } from './contract.js';

export const bank: Workflow = {
  name: workflow.name,
  label: workflow.label,
  requiredTiers: REQUIRED_TIERS,
  camera: true,
};
