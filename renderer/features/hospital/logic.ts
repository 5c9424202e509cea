/**
 * The hospital screens' pure parts (no React, no DOM): what colour an insurance answer gets, how dates and
 * names are shown, which departments the self-service screen offers, the checks of the settings section and
 * of a department, and which `workflow` events concern the screen. Unit-tested in test/unit/renderer/.
 */
import * as v from 'valibot';
import type { ServiceEvent } from '../../../electron/contract/types.js';
import { DEPARTMENT_CODE_RE, InsuranceSchema, PHONE_RE, QUEUE_PREFIX_RE, type DepartmentView, type InsuranceView } from '../../../electron/service/workflows/hospital/contract.js';
import type { Lang } from '../../src/i18n/strings.js';
import { hs } from './strings.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'pending';

/** Insured green, an answer that says no red, a gateway that could not be asked amber, waiting grey. */
export function insuranceTone(status: InsuranceView['status']): Tone {
  if (status === 'insured') return 'ok';
  if (status === 'unchecked') return 'pending';
  if (status === 'error') return 'warn';
  return 'bad';
}

/** The gateway codes whose meaning we know (COUNTERS.md); another code is shown as unknown, never guessed. */
export const KNOWN_CODES = new Set(['000', '001', '002', '003', '004', '010', '050', '051', '052', '053', '060', '061', '070', '100', '101', '110', '120', '121', '122', '123', '124', '130', '205', '401']);

/** ISO yyyy-mm-dd → dd/mm/yyyy as printed on the card; a year alone stays; anything else as is. */
export function showDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const VN_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Ho_Chi_Minh' });
/** A date-time → HH:MM in Vietnam time, as the printed ticket has it (whatever the machine's zone). */
export function showTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : VN_TIME.format(d);
}

/** 'Nguyễn Văn An' → 'N.V.A.' (what a list shows instead of a full name to people passing by). */
export function initials(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toLocaleUpperCase('vi')}.`)
    .join('');
}

/** The validity of an insurance card: from – to (either may be missing). */
export function validity(ins: InsuranceView): string {
  if (!ins.validFrom && !ins.validTo) return '—';
  return `${showDate(ins.validFrom)} – ${showDate(ins.validTo)}`;
}

/** Everything but a verified chip is unverified wherever it appears. */
export const isUnverified = (source: string): boolean => source !== 'chip';

/**
 * The departments a self-service patient may pick: the active ones, limited to the configured codes
 * ('' or absent = all active), in the order the service gave.
 */
export function selfServiceDepartments(all: readonly DepartmentView[], setting: unknown): DepartmentView[] {
  const active = all.filter((d) => d.active);
  const codes = typeof setting === 'string' ? setting.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) : [];
  return codes.length === 0 ? active : active.filter((d) => codes.includes(d.code));
}

/** A phone as typed: '' = none (undefined), valid → trimmed, else null (refused). */
export function phoneOf(text: string): string | undefined | null {
  const p = text.trim();
  if (p === '') return undefined;
  return PHONE_RE.test(p) ? p : null;
}

/**
 * The insurance answer a `workflow` event brings for the screen, or null: `{workflow:'hospital', name:'insurance',
 * data:{visitId?|readerId, insurance}}`, matching the visit shown (after check-in) or the counter (before).
 */
export function insuranceUpdate(e: ServiceEvent, at: { readerId?: string; visitId?: string }): InsuranceView | null {
  if (e.type !== 'workflow' || e.workflow !== 'hospital' || e.name !== 'insurance') return null;
  const { visitId, insurance } = e.data;
  // The desk names the counter on the event itself; older drafts put it in the data.
  const readerId = e.readerId ?? e.data.readerId;
  const mine = (visitId !== undefined && visitId === at.visitId) || (visitId === undefined && readerId !== undefined && readerId === at.readerId);
  if (!mine) return null;
  const parsed = v.safeParse(InsuranceSchema, insurance);
  return parsed.success ? parsed.output : null;
}

/** The counter a hospital event is about (on the event, or in its data), if any. */
export function eventReader(e: ServiceEvent): string | undefined {
  if (e.type !== 'workflow' || e.workflow !== 'hospital') return undefined;
  const r = e.readerId ?? e.data.readerId;
  return typeof r === 'string' ? r : undefined;
}

/** A hospital event of any kind (a list on screen reloads). */
export const isHospitalEvent = (e: ServiceEvent): boolean => e.type === 'workflow' && e.workflow === 'hospital';

const HTTP_RE = /^https?:\/\/[^\s/]+(\/\S*)?$/i;
/** tcp://HOST:PORT or usb:/dev/... (the ticket module's two printer kinds). */
export const PRINTER_RE = /^(tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}|usb:\/dev\/[A-Za-z0-9/_.-]+)$/;
const CODES_RE = new RegExp(`^\\s*(${DEPARTMENT_CODE_RE.source.slice(1, -1)})(\\s*,\\s*(${DEPARTMENT_CODE_RE.source.slice(1, -1)}))*\\s*$`);

/** The settings section's refusals, in `lang` (empty = all well); the service checks again. */
export function checkHospitalSettings(values: Readonly<Record<string, string | number | boolean | null>>, lang: Lang): string[] {
  const s = hs(lang);
  const out: string[] = [];
  const text = (k: string): string => (typeof values[k] === 'string' ? (values[k] as string).trim() : '');
  for (const k of ['gatewayUrl', 'hisWebhookUrl'] as const) if (text(k) !== '' && !HTTP_RE.test(text(k))) out.push(s.bad.url(s[k]));
  if (text('printer') !== '' && !PRINTER_RE.test(text('printer'))) out.push(s.bad.printer(s.printer));
  // The service's own limits (workflows/hospital/settings.ts): a name, a short code, no ID-like digit runs.
  if (values.hospitalName !== undefined && (text('hospitalName') === '' || [...text('hospitalName')].length > 120 || /\d{9,}/.test(text('hospitalName')))) out.push(s.bad.name(s.hospitalName));
  if ([...text('gatewayUsername')].length > 80 || /\d{9,}/.test(text('gatewayUsername'))) out.push(s.bad.text(s.gatewayUsername));
  if (!/^[A-Za-z0-9]{0,10}$/.test(text('hospitalCode'))) out.push(s.bad.code(s.hospitalCode));
  const days = values.patientRetentionDays;
  if (days !== undefined && !(typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 36500)) out.push(s.bad.days(s.patientRetentionDays));
  if (text('selfServiceDepartments') !== '' && !CODES_RE.test(text('selfServiceDepartments'))) out.push(s.bad.codes(s.selfServiceDepartments));
  return out;
}

/** A department as typed → the department to save, or null when the service would refuse it. */
export function departmentOf(d: { code: string; name: string; prefix: string; active: boolean }): DepartmentView | null {
  const out = { code: d.code.trim().toUpperCase(), name: d.name.trim(), prefix: d.prefix.trim().toUpperCase(), active: d.active };
  if (!DEPARTMENT_CODE_RE.test(out.code) || !QUEUE_PREFIX_RE.test(out.prefix) || out.name === '' || [...out.name].length > 80) return null;
  return out;
}

/** A patient-search entry → the method's params, or null (neither a 12-digit ID nor a name with a date of birth). */
export function searchParams(q: { cccd: string; name: string; dob: string }): { cccd: string } | { name: string; dateOfBirth: string } | null {
  const id = q.cccd.replace(/\s/g, '');
  if (/^[0-9]{12}$/.test(id)) return { cccd: id };
  const name = q.name.trim();
  const dob = dobOf(q.dob);
  return name !== '' && dob ? { name, dateOfBirth: dob } : null;
}

/** dd/mm/yyyy, yyyy-mm-dd or a year → the service's form (yyyy-mm-dd or yyyy), else null. */
export function dobOf(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})(-\d{2}-\d{2})?$/.exec(t);
  return m ? t : null;
}

/** The newest of several insurance answers: a real answer beats 'unchecked', then the later check wins. */
export function latestInsurance(...list: (InsuranceView | null | undefined)[]): InsuranceView | null {
  let best: InsuranceView | null = null;
  for (const x of list) {
    if (!x) continue;
    if (!best) best = x;
    else if ((best.status === 'unchecked') !== (x.status === 'unchecked')) best = x.status === 'unchecked' ? best : x;
    else if (x.checkedAt > best.checkedAt) best = x;
  }
  return best;
}
