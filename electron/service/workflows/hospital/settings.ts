/**
 * The hospital workflow's settings section (stored under `workflow.hospital`, shown by getSettings, changed by
 * updateSettings with an admin session, each change audited). The gateway's password is NOT a setting: it is
 * stored apart (secret.ts) and never sent back. The environment fills in what the settings leave empty, for
 * unattended installs and tests: CHIPID_BHYT_URL / _USERNAME / _PASSWORD, CHIPID_TICKET_PRINTER,
 * CHIPID_HIS_WEBHOOK.
 */
import type { SettingValue, WorkflowSettings } from '../types.js';
import { DEPARTMENT_CODE_RE } from './contract.js';
import type { TicketFields } from './ticket/layout.js';

export type HospitalSettingKey =
  | 'hospitalName'
  | 'hospitalCode'
  | 'gatewayUrl'
  | 'gatewayUsername'
  | 'printer'
  | 'paperWidth'
  | 'ticketFields'
  | 'hisWebhookUrl'
  | 'patientRetentionDays'
  | 'selfServiceDepartments';

export const HOSPITAL_DEFAULTS: Readonly<Record<HospitalSettingKey, SettingValue>> = {
  /** Printed at the top of the ticket and sent to the HIS as the organisation's name. */
  hospitalName: 'Bệnh viện',
  /** The hospital's facility code (maCSKCB), if the HIS wants it in the bundle. */
  hospitalCode: '',
  gatewayUrl: '',
  gatewayUsername: '',
  /** tcp://HOST:9100 or usb:/dev/usb/lp0; '' = none (PDF only). */
  printer: '',
  paperWidth: 80,
  ticketFields: 'initials-yob',
  hisWebhookUrl: '',
  /** Patients not seen for this many days are removed from the registry (the data law: no longer than needed). */
  patientRetentionDays: 1825,
  /** Departments offered at a self-service kiosk (comma-separated codes); '' = every active department. */
  selfServiceDepartments: '',
};

const URL_RE = /^https?:\/\/[^\s]{1,300}$/;
const PRINTER_RE = /^(tcp:\/\/[A-Za-z0-9.\-[\]:]{1,120}|usb:\/[A-Za-z0-9._/-]{1,120})$/;
const text = (max: number) => (v: unknown): boolean => typeof v === 'string' && v.length <= max && !/[\u0000-\u001f]/.test(v) && !/\d{9,}/.test(v);
const CHECKS: Record<HospitalSettingKey, (v: unknown) => boolean> = {
  hospitalName: (v) => text(120)(v) && (v as string).trim().length > 0,
  hospitalCode: (v) => typeof v === 'string' && /^[A-Za-z0-9]{0,10}$/.test(v),
  gatewayUrl: (v) => v === '' || (typeof v === 'string' && URL_RE.test(v)),
  gatewayUsername: text(80),
  printer: (v) => v === '' || (typeof v === 'string' && PRINTER_RE.test(v)),
  paperWidth: (v) => v === 58 || v === 80,
  ticketFields: (v) => v === 'initials-yob' || v === 'name-yob' || v === 'none',
  hisWebhookUrl: (v) => v === '' || (typeof v === 'string' && URL_RE.test(v)),
  patientRetentionDays: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 36500,
  selfServiceDepartments: (v) => typeof v === 'string' && (v === '' || v.split(',').every((c) => DEPARTMENT_CODE_RE.test(c.trim()))),
};

export const HOSPITAL_SETTINGS: WorkflowSettings = {
  defaults: HOSPITAL_DEFAULTS,
  accepts: (key, value) => key in CHECKS && CHECKS[key as HospitalSettingKey](value),
};

/** The settings as the desk uses them, the environment filling what is empty. */
export interface HospitalConfig {
  hospitalName: string;
  hospitalCode: string;
  gateway: { url: string; username: string } | undefined;
  printer: string;
  paperWidth: 58 | 80;
  ticketFields: TicketFields;
  hisWebhookUrl: string | undefined;
  patientRetentionDays: number;
  selfServiceDepartments: string[];
}

export function hospitalConfig(values: Readonly<Record<string, SettingValue>>, env: NodeJS.ProcessEnv = {}): HospitalConfig {
  const get = (k: HospitalSettingKey): SettingValue => {
    const v = values[k];
    return v !== undefined && HOSPITAL_SETTINGS.accepts(k, v) ? v : HOSPITAL_DEFAULTS[k];
  };
  const gatewayUrl = String(get('gatewayUrl')) || env.CHIPID_BHYT_URL || '';
  const gatewayUsername = String(get('gatewayUsername')) || env.CHIPID_BHYT_USERNAME || '';
  const his = String(get('hisWebhookUrl')) || env.CHIPID_HIS_WEBHOOK || '';
  return {
    hospitalName: String(get('hospitalName')),
    hospitalCode: String(get('hospitalCode')),
    gateway: gatewayUrl && gatewayUsername ? { url: gatewayUrl, username: gatewayUsername } : undefined,
    printer: String(get('printer')) || env.CHIPID_TICKET_PRINTER || '',
    paperWidth: get('paperWidth') === 58 ? 58 : 80,
    ticketFields: get('ticketFields') as TicketFields,
    hisWebhookUrl: his || undefined,
    patientRetentionDays: Number(get('patientRetentionDays')),
    selfServiceDepartments: String(get('selfServiceDepartments'))
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  };
}
