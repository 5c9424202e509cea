/**
 * The bank workflow's settings section (stored under `workflow.bank`, shown by getSettings, changed by
 * updateSettings with an admin session, each change audited).
 *
 * keepImages is on by default: the State Bank's rules for opening accounts by biometric check ask banks to
 * keep the data of the check (../shared/COUNTERS.md, bank section); the images are kept in the kiosk's
 * SQLCipher database (encrypted at rest) for imageRetentionDays, then deleted by the 'images.retention' job.
 */
import type { SettingValue, WorkflowSettings } from '../types.js';

export type BankSettingKey = 'keepImages' | 'imageRetentionDays' | 'challengeSeconds' | 'purpose';

export const BANK_DEFAULTS: Readonly<Record<BankSettingKey, SettingValue>> = {
  keepImages: true,
  /** Five years. */
  imageRetentionDays: 1825,
  /** Time for the whole active challenge. */
  challengeSeconds: 20,
  /** What the check is for, on the receipt. */
  purpose: 'Xác thực khách hàng / Customer identification',
};

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;
export const CHALLENGE_SECONDS = { min: 5, max: 120 } as const;

const int = (b: { min: number; max: number }) => (v: unknown): boolean => Number.isInteger(v) && (v as number) >= b.min && (v as number) <= b.max;
const CHECKS: Record<BankSettingKey, (v: unknown) => boolean> = {
  keepImages: (v) => typeof v === 'boolean',
  imageRetentionDays: int(RETENTION_DAYS),
  challengeSeconds: int(CHALLENGE_SECONDS),
  purpose: (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= 120 && !/[\u0000-\u001f]/.test(v) && !/\d{9,}/.test(v),
};

export const BANK_SETTINGS: WorkflowSettings = {
  defaults: BANK_DEFAULTS,
  accepts: (key, value) => key in CHECKS && CHECKS[key as BankSettingKey](value),
};

export interface BankConfig {
  keepImages: boolean;
  imageRetentionDays: number;
  challengeSeconds: number;
  purpose: string;
}

export function bankConfig(values: Readonly<Record<string, SettingValue>>): BankConfig {
  const get = (k: BankSettingKey): SettingValue => {
    const v = values[k];
    return v !== undefined && BANK_SETTINGS.accepts(k, v) ? v : BANK_DEFAULTS[k];
  };
  return {
    keepImages: get('keepImages') === true,
    imageRetentionDays: Number(get('imageRetentionDays')),
    challengeSeconds: Number(get('challengeSeconds')),
    purpose: String(get('purpose')),
  };
}
