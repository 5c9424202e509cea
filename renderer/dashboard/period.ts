/**
 * The period picker's rules, pure: a choice (today, the last 7/30/90 days, custom dates) → the DashboardQuery.
 * Days start at local midnight of the kiosk's time zone (Vietnam: UTC+7, tzOffsetMin 420, no daylight saving);
 * a period of up to two days is drawn by the hour, a longer one by the day.
 */
import { MAX_PERIOD_MS, type Bucket, type DashboardQuery } from '../../electron/contract/dashboard.js';

export const PERIODS = ['today', '7d', '30d', '90d', 'custom'] as const;
export type PeriodKind = (typeof PERIODS)[number];

export const VN_TZ_OFFSET_MIN = 420;
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Hour buckets up to this length, day buckets beyond. */
export const HOURLY_UP_TO_MS = 2 * DAY_MS;

export interface PeriodChoice {
  kind: PeriodKind;
  /** Custom: inclusive local dates 'yyyy-mm-dd'. */
  from?: string;
  to?: string;
  /** One kiosk (the central view), or all. */
  kiosk?: string;
}

/** Local midnight (epoch ms) of the day holding `ms`. */
export function localMidnight(ms: number, tzOffsetMin = VN_TZ_OFFSET_MIN): number {
  const off = tzOffsetMin * 60_000;
  return Math.floor((ms + off) / DAY_MS) * DAY_MS - off;
}

/** 'yyyy-mm-dd' of `ms` in the time zone. */
export function localDate(ms: number, tzOffsetMin = VN_TZ_OFFSET_MIN): string {
  return new Date(ms + tzOffsetMin * 60_000).toISOString().slice(0, 10);
}

/** Local midnight of a 'yyyy-mm-dd' date, or null when it is not a real date. */
export function dateStart(date: string, tzOffsetMin = VN_TZ_OFFSET_MIN): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return utc - tzOffsetMin * 60_000;
}

export function bucketFor(fromMs: number, toMs: number): Bucket {
  return toMs - fromMs <= HOURLY_UP_TO_MS ? 'hour' : 'day';
}

/**
 * The query of a choice at `nowMs`, or null for custom dates that are not a period. Today runs from local
 * midnight to the end of the current hour; the last N days from local midnight N−1 days ago to the end of
 * today (so the last day bucket is today); custom dates are whole local days, both ends included.
 */
export function periodQuery(c: PeriodChoice, nowMs: number, tzOffsetMin = VN_TZ_OFFSET_MIN): DashboardQuery | null {
  const today = localMidnight(nowMs, tzOffsetMin);
  let fromMs: number;
  let toMs: number;
  if (c.kind === 'today') {
    fromMs = today;
    toMs = Math.min(today + DAY_MS, Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS);
  } else if (c.kind === 'custom') {
    const a = dateStart(c.from ?? '', tzOffsetMin);
    const b = dateStart(c.to ?? '', tzOffsetMin);
    if (a === null || b === null || b < a) return null;
    fromMs = a;
    toMs = b + DAY_MS;
    if (toMs - fromMs > MAX_PERIOD_MS) return null;
  } else {
    const days = c.kind === '7d' ? 7 : c.kind === '30d' ? 30 : 90;
    fromMs = today - (days - 1) * DAY_MS;
    toMs = today + DAY_MS;
  }
  if (fromMs < 0) return null;
  const q: DashboardQuery = { fromMs, toMs, bucket: bucketFor(fromMs, toMs), tzOffsetMin };
  if (c.kiosk) q.kiosk = c.kiosk;
  return q;
}

/** The query as the central server's URL parameters (GET /api/dashboard, /api/export). */
export function queryParams(q: DashboardQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ fromMs: String(q.fromMs), toMs: String(q.toMs), bucket: q.bucket, tzOffsetMin: String(q.tzOffsetMin ?? VN_TZ_OFFSET_MIN) });
  if (q.kiosk) p.set('kiosk', q.kiosk);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}
