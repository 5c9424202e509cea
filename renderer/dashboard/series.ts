/**
 * From a Dashboard answer to what the charts and their data tables draw, pure (no DOM, no uPlot): the
 * stacked reads, the failures by category, the read-time lines and histogram, labels of buckets and times.
 */
import type { Bucket, Dashboard } from '../../electron/contract/dashboard.js';
import { VN_TZ_OFFSET_MIN } from './period.js';

/** The failure categories in the order a manager asks about them (electron/fleet/events.ts FAILURE_CATEGORIES). */
export const CATEGORY_ORDER = ['access', 'removed', 'tier', 'reader', 'other'] as const;

export interface Stacked {
  /** Bucket starts, seconds (uPlot's x). */
  x: number[];
  /** Each verdict's own counts. */
  verified: number[];
  notVerified: number[];
  error: number[];
  /** The running sums drawn as stacked bars: verified, verified+notVerified, all. */
  stack: [number[], number[], number[]];
}

export function stackedReads(d: Dashboard): Stacked {
  const { t, verified, notVerified, error } = d.reads;
  const s1 = verified.slice();
  const s2 = s1.map((v, i) => v + (notVerified[i] ?? 0));
  const s3 = s2.map((v, i) => v + (error[i] ?? 0));
  return { x: t.map((ms) => ms / 1000), verified, notVerified, error, stack: [s1, s2, s3] };
}

export interface CategoryRow {
  category: string;
  count: number;
  codes: { code: string; count: number }[];
}

/** Failures grouped by category (every category, in order, zeros included), codes most frequent first. */
export function failuresByCategory(d: Dashboard): CategoryRow[] {
  const rows = new Map<string, CategoryRow>(CATEGORY_ORDER.map((c) => [c, { category: c, count: 0, codes: [] }]));
  for (const f of d.failures) {
    const cat = rows.has(f.category) ? f.category : 'other';
    const r = rows.get(cat)!;
    r.count += f.count;
    r.codes.push({ code: f.code, count: f.count });
  }
  for (const r of rows.values()) r.codes.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return [...rows.values()];
}

/** The read-time lines per bucket (ms; null where a bucket had no read, drawn as a gap). */
export function latencyLines(d: Dashboard): { x: number[]; p50: (number | null)[]; p95: (number | null)[] } {
  return { x: d.reads.t.map((ms) => ms / 1000), p50: d.latency.perBucket.p50, p95: d.latency.perBucket.p95 };
}

/** Histogram bins: a label per bin (≤ edge, the last "> last edge") and its count. */
export function histogramBins(d: Dashboard, fmt: (ms: number) => string, upTo: (x: string) => string, over: (x: string) => string): { label: string; count: number }[] {
  const { edges, counts } = d.latency;
  return counts.map((count, i) => ({ label: i < edges.length ? upTo(fmt(edges[i]!)) : over(fmt(edges[edges.length - 1] ?? 0)), count }));
}

/** A duration for people: ms under 10 s, else seconds. */
export function durationText(ms: number | null, s: { ms(n: number): string; s(n: number): string; dash: string }): string {
  if (ms === null || !Number.isFinite(ms)) return s.dash;
  return ms < 10_000 ? s.ms(ms) : s.s(ms);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A bucket's label in the time zone: '14:00' (hour, with the date when the period spans days) or '03/12'. */
export function bucketLabel(ms: number, bucket: Bucket, tzOffsetMin = VN_TZ_OFFSET_MIN, withDate = false): string {
  const d = new Date(ms + tzOffsetMin * 60_000);
  const day = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`;
  if (bucket === 'day') return `${day}/${d.getUTCFullYear()}`;
  const hour = `${pad(d.getUTCHours())}:00`;
  return withDate ? `${day} ${hour}` : hour;
}

/** A moment in the time zone: 'dd/mm/yyyy hh:mm'. */
export function timeText(ms: number, tzOffsetMin = VN_TZ_OFFSET_MIN): string {
  const d = new Date(ms + tzOffsetMin * 60_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** How long ago, coarse ('5 phút trước' / '5 min ago'). */
export function agoText(ms: number | null, nowMs: number, lang: 'vi' | 'en'): string {
  if (ms === null) return lang === 'vi' ? 'chưa bao giờ' : 'never';
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  const [n, unit] = s < 60 ? [s, 's'] : s < 3600 ? [Math.floor(s / 60), 'min'] : s < 86_400 ? [Math.floor(s / 3600), 'h'] : [Math.floor(s / 86_400), 'd'];
  const vi: Record<string, string> = { s: 'giây', min: 'phút', h: 'giờ', d: 'ngày' };
  const en: Record<string, string> = { s: 's', min: 'min', h: 'h', d: 'd' };
  return lang === 'vi' ? `${n} ${vi[unit]} trước` : `${n} ${en[unit]} ago`;
}

/** The most frequent failure code, or null. */
export function topFailure(d: Dashboard): { code: string; count: number } | null {
  const f = d.failures[0];
  return f ? { code: f.code, count: f.count } : null;
}

export const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);

/** Keeps a function from running more than once per `ms`: the last call in a window runs at its end. */
export function throttle(fn: () => void, ms: number, clock: { now(): number; later(f: () => void, ms: number): unknown; cancel(h: unknown): void }): { call(): void; stop(): void } {
  let last = -Infinity;
  let pending: unknown = null;
  const run = (): void => {
    pending = null;
    last = clock.now();
    fn();
  };
  return {
    call() {
      if (pending !== null) return;
      const wait = last + ms - clock.now();
      if (wait <= 0) run();
      else pending = clock.later(run, wait);
    },
    stop() {
      if (pending !== null) clock.cancel(pending);
      pending = null;
    },
  };
}
