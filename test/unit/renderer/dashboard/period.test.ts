/** The period picker's rules: Vietnam days (UTC+7), hour buckets up to two days, custom dates, bad dates refused. */
import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_MS } from '../../../../electron/contract/dashboard.js';
import { DAY_MS, dateStart, localDate, localMidnight, periodQuery, queryParams } from '../../../../renderer/dashboard/period.js';

// 2026-12-04 02:30 UTC = 09:30 in Hà Nội.
const NOW = Date.UTC(2026, 11, 4, 2, 30);
const VN_MIDNIGHT = Date.UTC(2026, 11, 3, 17, 0);

describe('periods', () => {
  it('local midnight and dates are Vietnam time, also just after UTC midnight and just before VN midnight', () => {
    expect(localMidnight(NOW)).toBe(VN_MIDNIGHT);
    expect(localDate(NOW)).toBe('2026-12-04');
    // 16:59 UTC is 23:59 in Hà Nội: still the same local day; 17:00 UTC is the next one.
    expect(localDate(Date.UTC(2026, 11, 4, 16, 59))).toBe('2026-12-04');
    expect(localDate(Date.UTC(2026, 11, 4, 17, 0))).toBe('2026-12-05');
    expect(localMidnight(Date.UTC(2026, 11, 4, 17, 0))).toBe(VN_MIDNIGHT + DAY_MS);
  });

  it('today: local midnight to the end of the current hour, by the hour', () => {
    expect(periodQuery({ kind: 'today' }, NOW)).toEqual({ fromMs: VN_MIDNIGHT, toMs: Date.UTC(2026, 11, 4, 3, 0), bucket: 'hour', tzOffsetMin: 420 });
  });

  it('the last N days end with today, by the day', () => {
    for (const [kind, n] of [
      ['7d', 7],
      ['30d', 30],
      ['90d', 90],
    ] as const) {
      const q = periodQuery({ kind }, NOW)!;
      expect(q.toMs).toBe(VN_MIDNIGHT + DAY_MS);
      expect(q.toMs - q.fromMs).toBe(n * DAY_MS);
      expect(q.bucket).toBe('day');
      expect(localDate(q.fromMs)).toBe(localDate(NOW - (n - 1) * DAY_MS));
    }
  });

  it('custom dates are whole local days, both ends included; two days are hourly, three daily', () => {
    const two = periodQuery({ kind: 'custom', from: '2026-12-01', to: '2026-12-02' }, NOW)!;
    expect(two).toEqual({ fromMs: Date.UTC(2026, 10, 30, 17), toMs: Date.UTC(2026, 11, 2, 17), bucket: 'hour', tzOffsetMin: 420 });
    expect(periodQuery({ kind: 'custom', from: '2026-12-01', to: '2026-12-03' }, NOW)!.bucket).toBe('day');
    expect(periodQuery({ kind: 'custom', from: '2026-12-03', to: '2026-12-03' }, NOW)!.toMs - VN_MIDNIGHT + DAY_MS).toBe(DAY_MS);
  });

  it('refuses dates that are not a period: reversed, not real, malformed, longer than the contract allows', () => {
    expect(periodQuery({ kind: 'custom', from: '2026-12-03', to: '2026-12-01' }, NOW)).toBeNull();
    expect(periodQuery({ kind: 'custom', from: '2026-02-30', to: '2026-03-01' }, NOW)).toBeNull();
    expect(periodQuery({ kind: 'custom', from: '2026-1-3', to: '2026-12-01' }, NOW)).toBeNull();
    expect(periodQuery({ kind: 'custom' }, NOW)).toBeNull();
    expect(periodQuery({ kind: 'custom', from: '2025-01-01', to: '2026-12-01' }, NOW)).toBeNull();
    const longest = periodQuery({ kind: 'custom', from: '2025-12-03', to: '2026-12-04' }, NOW)!;
    expect(longest.toMs - longest.fromMs).toBeLessThanOrEqual(MAX_PERIOD_MS);
    expect(dateStart('2024-02-29')).toBe(Date.UTC(2024, 1, 28, 17));
    expect(dateStart('2026-13-01')).toBeNull();
  });

  it('carries the kiosk and writes the central server’s URL parameters', () => {
    const q = periodQuery({ kind: '7d', kiosk: 'kiosk-nh-07' }, NOW)!;
    expect(q.kiosk).toBe('kiosk-nh-07');
    const p = new URLSearchParams(queryParams(q, { format: 'csv' }));
    expect(Object.fromEntries(p)).toEqual({ fromMs: String(q.fromMs), toMs: String(q.toMs), bucket: 'day', tzOffsetMin: '420', kiosk: 'kiosk-nh-07', format: 'csv' });
    expect(new URLSearchParams(queryParams(periodQuery({ kind: 'today' }, NOW)!)).has('kiosk')).toBe(false);
  });
});
