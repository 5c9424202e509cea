/**
 * The bank screens' pure parts (no React, no DOM): which `workflow` events carry the check on screen, when a
 * confirmation needs the supervisor, how scores are shown, the frame pacing, the settings section's checks.
 */
import * as v from 'valibot';
import type { ServiceEvent } from '../../../electron/contract/types.js';
import { BankCheckSchema, type BankCheckView } from '../../../electron/service/workflows/bank/contract.js';
import type { Lang } from '../../src/i18n/strings.js';
import { bs } from './strings.js';

/** At most ~6 frames a second go to the service (one in flight at a time). */
export const FRAME_INTERVAL_MS = 170;
/** JPEG qualities tried in turn until the frame fits FRAME_MAX_BASE64. */
export const JPEG_QUALITIES = [0.8, 0.65, 0.5] as const;

/**
 * The check a `workflow` event brings for the screen, or null: `{workflow:'bank', name:'check', readerId,
 * data:{check}}` about this counter (and, once the screen has one, the same check).
 */
export function checkUpdate(e: ServiceEvent, readerId: string, checkId: string | null): BankCheckView | null {
  if (e.type !== 'workflow' || e.workflow !== 'bank') return null;
  const parsed = v.safeParse(BankCheckSchema, (e.data as { check?: unknown }).check);
  if (!parsed.success) return null;
  const c = parsed.output;
  if (c.readerId !== readerId && e.readerId !== readerId) return null;
  if (checkId !== null && c.checkId !== checkId) return null;
  return c;
}

/** The newer of two views of one check (the service stamps updatedAt). */
export function newer(a: BankCheckView | null, b: BankCheckView | null): BankCheckView | null {
  if (!a) return b;
  if (!b) return a;
  if (a.checkId !== b.checkId) return b;
  return b.updatedAt >= a.updatedAt ? b : a;
}

/** Frames are wanted while the challenge runs. */
export const wantsFrames = (c: BankCheckView | null): boolean => c !== null && c.challenge?.status === 'running' && (c.status === 'challenge' || c.status === 'awaiting-face');

/** The check is decided (the receipt exists or will). */
export const isDecided = (c: BankCheckView | null): boolean => c !== null && (c.status === 'confirmed' || c.status === 'refused');

/** Confirming needs the supervisor: the service says so, or the face was never compared (no camera, failed challenge). */
export const confirmNeedsSupervisor = (c: BankCheckView): boolean => c.requiresOverride || c.status !== 'compared';

/** A 0..1 score as shown (two decimals). */
export const showScore = (x: number): string => x.toFixed(2);

/** The bar's fill and the threshold mark, as percentages of its width (clamped to 0..100). */
export function barOf(score: number, threshold: number): { fill: number; mark: number } {
  const pct = (x: number): number => Math.round(Math.max(0, Math.min(1, x)) * 1000) / 10;
  return { fill: pct(score), mark: pct(threshold) };
}

/** Whole seconds until `deadline` (epoch ms), never below 0. */
export const secondsUntil = (deadline: number, now: number): number => Math.max(0, Math.ceil((deadline - now) / 1000));

/** A data: URL → its base64 part ('' when it is not a base64 data: URL). */
export function base64Of(dataUrl: string): string {
  const i = dataUrl.indexOf(';base64,');
  return dataUrl.startsWith('data:') && i > 0 ? dataUrl.slice(i + 8) : '';
}

/** ISO date-time → HH:MM in Vietnam time. */
const VN_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Ho_Chi_Minh' });
export function showTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : VN_TIME.format(d);
}

/** The settings section's refusals, in `lang` (empty = all well); the service checks again (its bounds: workflows/bank/settings.ts). */
export function checkBankSettings(values: Readonly<Record<string, string | number | boolean | null>>, lang: Lang): string[] {
  const s = bs(lang);
  const out: string[] = [];
  const whole = (x: unknown, min: number, max: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
  if (values.imageRetentionDays !== undefined && !whole(values.imageRetentionDays, 1, 3650)) out.push(s.bad.days(s.imageRetentionDays));
  if (values.challengeSeconds !== undefined && !whole(values.challengeSeconds, 5, 120)) out.push(s.bad.seconds(s.challengeSeconds));
  return out;
}
