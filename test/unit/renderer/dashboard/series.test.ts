/**
 * From a Dashboard answer to what the charts draw: the stack, failure categories, histogram bins, labels in
 * Vietnam time, how long ago, the throttle of live updates; and how codes are worded (tier table, short error
 * names, unknown codes raw). The Dashboard comes from the real queries over a real SQLite fleet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../../electron/contract/dashboard.js';
import { REASONS } from '../../../../electron/contract/reasons.js';
import { FAILURE_CATEGORIES } from '../../../../electron/fleet/events.js';
import { periodQuery } from '../../../../renderer/dashboard/period.js';
import { CATEGORY_ORDER, agoText, bucketLabel, durationText, failuresByCategory, histogramBins, latencyLines, stackedReads, sum, throttle, timeText } from '../../../../renderer/dashboard/series.js';
import { codeText, dashStrings, word } from '../../../../renderer/dashboard/strings.js';
import { makeFleet, type FleetFixture } from '../../../ui/dashboard-fixture.js';

const NOW = Date.UTC(2026, 11, 4, 2, 30);
let fleet: FleetFixture;
let d7: Dashboard;
let today: Dashboard;

beforeAll(async () => {
  fleet = makeFleet({ endMs: NOW, days: 10, perHour: 10, alerts: 2 });
  d7 = await fleet.query(periodQuery({ kind: '7d' }, NOW)!);
  today = await fleet.query(periodQuery({ kind: 'today' }, NOW)!);
});
afterAll(() => fleet.close());

describe('series from a dashboard', () => {
  it('stacks the verdicts: each level is the sum of those below, the top is every read', () => {
    const s = stackedReads(d7);
    expect(s.x).toEqual(d7.reads.t.map((t) => t / 1000));
    expect(s.x.length).toBe(7);
    for (let i = 0; i < s.x.length; i++) {
      expect(s.stack[0][i]).toBe(d7.reads.verified[i]);
      expect(s.stack[1][i]).toBe(d7.reads.verified[i]! + d7.reads.notVerified[i]!);
      expect(s.stack[2][i]).toBe(d7.reads.verified[i]! + d7.reads.notVerified[i]! + d7.reads.error[i]!);
    }
    expect(sum(s.stack[2])).toBe(d7.totals.reads);
    expect(today.reads.t.length).toBe(10);
  });

  it('groups failures by the fleet’s categories, every category shown, an unknown category as other', () => {
    expect([...CATEGORY_ORDER]).toEqual([...FAILURE_CATEGORIES]);
    const cats = failuresByCategory(d7);
    expect(cats.map((c) => c.category)).toEqual([...CATEGORY_ORDER]);
    expect(sum(cats.map((c) => c.count))).toBe(d7.totals.notVerified + d7.totals.errors);
    const odd = failuresByCategory({ ...d7, failures: [{ code: 'X', category: 'martian', count: 3 }] });
    expect(odd.find((c) => c.category === 'other')).toEqual({ category: 'other', count: 3, codes: [{ code: 'X', count: 3 }] });
    for (const c of cats) for (let i = 1; i < c.codes.length; i++) expect(c.codes[i - 1]!.count).toBeGreaterThanOrEqual(c.codes[i]!.count);
  });

  it('labels the histogram’s bins with their upper edge, the last one as slower than the last edge', () => {
    const s = dashStrings('en');
    const bins = histogramBins(d7, (ms) => durationText(ms, s), s.upTo, s.over);
    expect(bins.length).toBe(d7.latency.edges.length + 1);
    expect(bins[0]!.label).toBe('≤ 250 ms');
    expect(bins.at(-1)!.label).toBe('> 60.0 s');
    expect(sum(bins.map((b) => b.count))).toBe(d7.totals.verified + d7.totals.notVerified);
    const l = latencyLines(d7);
    expect(l.p50.length).toBe(l.x.length);
    expect(l.p50.some((x) => x !== null)).toBe(true);
  });

  it('writes times in Vietnam time and durations for people', () => {
    expect(bucketLabel(Date.UTC(2026, 11, 3, 17), 'day')).toBe('04/12/2026');
    expect(bucketLabel(Date.UTC(2026, 11, 4, 2), 'hour')).toBe('09:00');
    expect(bucketLabel(Date.UTC(2026, 11, 4, 2), 'hour', 420, true)).toBe('04/12 09:00');
    expect(timeText(NOW)).toBe('04/12/2026 09:30');
    const vi = dashStrings('vi');
    expect(durationText(null, vi)).toBe('—');
    expect(durationText(1234.4, vi)).toBe('1234 ms');
    expect(durationText(15_000, vi)).toBe('15,0 giây');
    expect(agoText(NOW - 5 * 60_000, NOW, 'vi')).toBe('5 phút trước');
    expect(agoText(NOW - 3 * 3_600_000, NOW, 'en')).toBe('3 h ago');
    expect(agoText(null, NOW, 'vi')).toBe('chưa bao giờ');
  });
});

describe('codes in words', () => {
  it('a tier’s code through the tier table (what happened, without the counter’s advice), an error code by its short name, the rest raw', () => {
    expect(codeText('CSCA_UNKNOWN', 'vi')).toBe('Không có chứng thư CSCA của cơ quan cấp trong kho tin cậy');
    expect(REASONS.CSCA_UNKNOWN.vi).toContain('Nhập danh sách CSCA');
    expect(codeText('CA_FAILED', 'vi')).toBe(REASONS.CA_FAILED.vi.replace(/\.$/, ''));
    expect(codeText('DG_HASH_MISMATCH', 'en')).not.toContain('?');
    expect(codeText('CARD_REMOVED', 'vi')).toBe('Thẻ bị nhấc ra');
    expect(codeText('PCSC_UNAVAILABLE', 'en')).toBe('PC/SC service not running');
    expect(codeText('SOME_NEW_CODE', 'vi')).toBe('SOME_NEW_CODE');
    expect(word(dashStrings('vi').outcomes, 'confirmed')).toBe('Đã xác nhận');
    expect(word(dashStrings('vi').outcomes, 'later')).toBe('later');
    expect(word(dashStrings('vi').outcomes, '')).toBe('—');
  });

  it('has every word in both languages', () => {
    const vi = dashStrings('vi');
    const en = dashStrings('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of ['categories', 'lookups', 'outcomes', 'faces', 'alerts'] as const) expect(Object.keys(en[k]).sort()).toEqual(Object.keys(vi[k]).sort());
    for (const c of CATEGORY_ORDER) expect(vi.categories[c]).toBeTruthy();
  });
});

describe('throttle of live updates', () => {
  function fakeClock() {
    let t = 0;
    const timers: { at: number; f: () => void; id: number }[] = [];
    let id = 0;
    return {
      now: () => t,
      later: (f: () => void, ms: number) => {
        timers.push({ at: t + ms, f, id: ++id });
        return id;
      },
      cancel: (h: unknown) => {
        const i = timers.findIndex((x) => x.id === h);
        if (i >= 0) timers.splice(i, 1);
      },
      advance(ms: number) {
        t += ms;
        for (const x of timers.filter((x) => x.at <= t)) {
          timers.splice(timers.indexOf(x), 1);
          x.f();
        }
      },
      pending: () => timers.length,
    };
  }

  it('runs the first call at once, folds a burst into one call at the end of the second, and stops cleanly', () => {
    const c = fakeClock();
    let n = 0;
    const th = throttle(() => n++, 1000, c);
    th.call();
    expect(n).toBe(1);
    for (let i = 0; i < 10; i++) {
      c.advance(50);
      th.call();
    }
    expect(n).toBe(1);
    expect(c.pending()).toBe(1);
    c.advance(499);
    expect(n).toBe(1);
    c.advance(1);
    expect(n).toBe(2);
    c.advance(5000);
    th.call();
    expect(n).toBe(3);
    th.call();
    th.stop();
    c.advance(5000);
    expect(n).toBe(3);
  });
});
