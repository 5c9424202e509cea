/**
 * bank: the bank counter's screens (the customer check after a read: camera, challenge, face result, the
 * teller's decision and the signed receipt; today's checks; operator sign-in) and its settings section.
 * The service side is electron/service/workflows/bank/; the methods and answers are its contract.ts.
 */
import type { Feature } from '../types.js';
import { workflow } from './api.js';
import { BankCounter } from './Counter.js';
import { BankHeader } from './Header.js';
import { checkBankSettings } from './logic.js';
import { BankSettings } from './Settings.js';
import './bank.css';

export const bank: Feature = {
  name: workflow.name,
  label: workflow.label,
  resultScreen: BankCounter,
  settingsSection: BankSettings,
  headerActions: BankHeader,
  checkSettings: checkBankSettings,
};
