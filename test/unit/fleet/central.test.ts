// The central side's pure parts: error codes and the password never shown, placeholders, the query parser of the
// central view, the CSV export and the sync's back-off.
import { describe, expect, it } from 'vitest';
import { asFleetError, FleetError, redactUrl } from '../../../electron/fleet/central/errors.js';
import { numberPlaceholders } from '../../../electron/fleet/central/db.js';
import { dashboardCsv } from '../../../electron/fleet/export.js';
import { INSERT_EVENTS_SQL, ROLLUP_BATCH_SQL } from '../../../electron/fleet/central/ingest.js';
import { parseDashboardQuery } from '../../../electron/fleet/serve.js';
import { FleetSync, type FleetSource } from '../../../electron/fleet/sync.js';
import { FACETS, facetColumns, type FacetName } from '../../../electron/fleet/events.js';
import type { Dashboard } from '../../../electron/contract/dashboard.js';

describe('fleet errors', () => {
  it('maps driver errors to codes, each with VN and EN text', () => {
    expect(asFleetError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).code).toBe('FLEET_UNREACHABLE');
    expect(asFleetError(Object.assign(new Error('the database system is shutting down'), { code: '57P03' })).code).toBe('FLEET_UNREACHABLE');
    expect(asFleetError(Object.assign(new Error('password authentication failed for user "k"'), { code: '28P01' })).code).toBe('FLEET_AUTH');
    expect(asFleetError(Object.assign(new Error('syntax error'), { code: '42601' })).code).toBe('FLEET_PROTOCOL');
    const e = new FleetError('FLEET_UNREACHABLE', 'x');
    expect(e.messageVi).toMatch(/kiosk/);
    expect(e.messageEn).toMatch(/sent again automatically/);
  });

  it('never shows a URL password', () => {
    expect(redactUrl('postgres://kiosk:hunter2@db.example:5432/fleet')).toBe('postgres://kiosk:***@db.example:5432/fleet');
    const e = asFleetError(new Error('could not connect to postgres://kiosk:hunter2@db:5432/fleet'));
    expect(JSON.stringify(e.toJSON())).not.toContain('hunter2');
  });
});

describe('central SQL', () => {
  it('numbers ? placeholders in order', () => {
    expect(numberPlaceholders('SELECT a FROM t WHERE b >= ? AND c < ? AND d = ?')).toBe('SELECT a FROM t WHERE b >= $1 AND c < $2 AND d = $3');
  });
  it('the batched statements name every column and keep the shared ON CONFLICT clause', () => {
    expect(INSERT_EVENTS_SQL).toMatch(/ON CONFLICT DO NOTHING\s+RETURNING uuid$/);
    expect(INSERT_EVENTS_SQL.match(/\$\d+/g)!.length).toBe(2 + 21);
    for (const name of Object.keys(FACETS) as FacetName[]) {
      for (const k of facetColumns(name).cols) expect(ROLLUP_BATCH_SQL[name]).toContain(k);
      expect(ROLLUP_BATCH_SQL[name]).toContain(`n = ${FACETS[name].table}.n + excluded.n`);
    }
  });
});

describe('central view query', () => {
  const p = (s: string) => parseDashboardQuery(new URLSearchParams(s));
  it('accepts a valid period and refuses a bad one with FLEET_INVALID_QUERY', () => {
    expect(p('fromMs=0&toMs=3600000&bucket=hour&tzOffsetMin=420&kiosk=kiosk-a')).toEqual({ fromMs: 0, toMs: 3_600_000, bucket: 'hour', tzOffsetMin: 420, kiosk: 'kiosk-a' });
    for (const bad of ['fromMs=5&toMs=5&bucket=hour', 'fromMs=1.5&toMs=9&bucket=hour', 'fromMs=0&toMs=9&bucket=minute', 'fromMs=0&toMs=9&bucket=day&tzOffsetMin=900', 'toMs=9&bucket=day']) {
      expect(() => p(bad), bad).toThrow(FleetError);
    }
  });
});

describe('CSV export', () => {
  it('a section per chart with its header, local bucket labels, formula-like cells neutralised, a BOM', () => {
    const d = {
      query: { fromMs: 0, toMs: 7_200_000, bucket: 'hour', tzOffsetMin: 420, kiosk: null },
      reads: { t: [0, 3_600_000], verified: [1, 2], notVerified: [0, 1], error: [0, 0] },
      latency: { edges: [1000], counts: [1, 2], p50: 900, p95: 1400, perBucket: { p50: [900, null], p95: [1400, null] } },
      hospital: { checkins: [0, 1], byDepartment: [{ department: 'K1', count: 1 }], lookups: [] },
      bank: { checks: [0, 0], outcomes: [] },
      totals: { reads: 4, verified: 3, notVerified: 1, errors: 0, checkins: 1, bankChecks: 0, overrides: 0, alerts: 0 },
      failures: [{ code: 'ACCESS_DENIED', category: 'access', count: 1 }],
      readers: [{ kiosk: 'k', counter: 'c', reader: '=HYPERLINK("x")', reads: 4, errors: 0, readerErrors: 0, meanApdus: 40, lastSeenMs: 0 }],
      alerts: [],
      operators: [],
      kiosks: [{ kiosk: 'k', name: 'Quầy, 1', events: 5, lastEventMs: null, lastContactMs: 0, auditSeq: null }],
    } as unknown as Dashboard;
    const text = dashboardCsv(d);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Tổng / Totals');
    expect(lines).toContain('bucket,verified,not_verified,error,p50_ms,p95_ms,checkins,bank_checks');
    // The bucket's local label (Vietnam, +7 h) and its counts; a formula in a reader's name is neutralised.
    expect(lines.some((l) => l.startsWith('1970-01-01 08:00,2,'))).toBe(true);
    expect(text).toContain(`k,c,"'=HYPERLINK(""x"")",4,0,0,40,`);
    expect(text).toContain('k,"Quầy, 1",5,,,');
  });
});

describe('sync back-off', () => {
  it('doubles from the minimum to the maximum with ±25 % jitter', () => {
    const src = {} as FleetSource;
    const at = (r: number) => new FleetSync({ source: src, minBackoffMs: 5_000, maxBackoffMs: 600_000, random: () => r });
    expect([1, 2, 3, 4].map((f) => at(0.5).backoffMs(f))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(at(0).backoffMs(1)).toBe(3_750);
    expect(at(0.999999).backoffMs(1)).toBe(6_250);
    expect(at(0.5).backoffMs(50)).toBe(600_000);
  });
});
