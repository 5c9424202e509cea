/**
 * The managers' dashboard as the kiosk's API and the central view (`chipid fleet serve`) answer it: one
 * period's counts, computed from the fleet events' hourly rollups (electron/fleet/dashboard.ts), the same
 * shape on a kiosk and across the fleet. Nothing personal: reasons are codes, operators are ids (a kiosk
 * adds names for its own operators when a supervisor asks), readers are their masked names. Pure.
 */
import * as v from 'valibot';

export const BUCKETS = ['hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The longest period one query may cover (a year and a day). */
export const MAX_PERIOD_MS = 367 * 86_400_000;

export const DashboardQuerySchema = v.object({
  /** Inclusive start, epoch ms. */
  fromMs: v.pipe(v.number('API_INVALID_FIELD'), v.safeInteger('API_INVALID_FIELD'), v.minValue(0, 'API_INVALID_FIELD')),
  /** Exclusive end, epoch ms. */
  toMs: v.pipe(v.number('API_INVALID_FIELD'), v.safeInteger('API_INVALID_FIELD'), v.minValue(0, 'API_INVALID_FIELD')),
  bucket: v.picklist(BUCKETS, 'API_INVALID_FIELD'),
  /** Minutes east of UTC for the day buckets (Vietnam: 420). Default 420. */
  tzOffsetMin: v.optional(v.pipe(v.number('API_INVALID_FIELD'), v.integer('API_INVALID_FIELD'), v.minValue(-720, 'API_INVALID_FIELD'), v.maxValue(840, 'API_INVALID_FIELD'))),
  /** One kiosk only (the central view); absent = all. */
  kiosk: v.optional(v.pipe(v.string('API_INVALID_FIELD'), v.regex(/^[A-Za-z0-9._:-]{1,64}$/, 'API_INVALID_FIELD'))),
});
export type DashboardQuery = v.InferOutput<typeof DashboardQuerySchema>;

const count = v.number();
const codeCount = v.object({ code: v.string(), count });

export const DashboardSchema = v.object({
  query: v.object({ fromMs: v.number(), toMs: v.number(), bucket: v.picklist(BUCKETS), tzOffsetMin: v.number(), kiosk: v.nullable(v.string()) }),
  /** Where the figures come from: this kiosk, or the central database across kiosks. */
  source: v.picklist(['kiosk', 'central']),
  generatedAt: v.string(),
  totals: v.object({
    reads: count,
    verified: count,
    notVerified: count,
    errors: count,
    checkins: count,
    bankChecks: count,
    overrides: count,
    alerts: count,
  }),
  /** Bucket start times (epoch ms, every bucket of the period, empty ones included) and counts per verdict. */
  reads: v.object({ t: v.array(v.number()), verified: v.array(count), notVerified: v.array(count), error: v.array(count) }),
  /** Failed reads by reason code, most frequent first, with the category of each. */
  failures: v.array(v.object({ code: v.string(), category: v.string(), count })),
  latency: v.object({
    /** Upper edges of the histogram's buckets (ms); `counts` has one more entry (slower than the last edge). */
    edges: v.array(v.number()),
    counts: v.array(count),
    /** From the histogram: within one bucket's width. Null without reads. */
    p50: v.nullable(v.number()),
    p95: v.nullable(v.number()),
    meanMs: v.nullable(v.number()),
    perBucket: v.object({ p50: v.array(v.nullable(v.number())), p95: v.array(v.nullable(v.number())) }),
  }),
  hospital: v.object({
    checkins: v.array(count),
    byDepartment: v.array(v.object({ department: v.string(), count })),
    lookups: v.array(codeCount),
    overrides: count,
  }),
  bank: v.object({
    checks: v.array(count),
    outcomes: v.array(v.object({ outcome: v.string(), face: v.string(), count })),
    overrides: count,
  }),
  readers: v.array(
    v.object({
      kiosk: v.string(),
      counter: v.string(),
      reader: v.string(),
      reads: count,
      errors: count,
      /** Reads that ended with a reader or PC/SC error. */
      readerErrors: count,
      meanApdus: v.nullable(v.number()),
      lastSeenMs: v.number(),
    }),
  ),
  /** Clones and tampered cards, newest first (at most 200). */
  alerts: v.array(v.object({ atMs: v.number(), kiosk: v.string(), counter: v.string(), reader: v.string(), alert: v.string(), code: v.string() })),
  operators: v.array(
    v.object({ operator: v.string(), name: v.nullable(v.string()), checkins: count, bankChecks: count, overrides: count }),
  ),
  /** The kiosks of the period (the central view: each kiosk's last contact and audit head). */
  kiosks: v.array(
    v.object({
      kiosk: v.string(),
      name: v.nullable(v.string()),
      events: count,
      lastEventMs: v.nullable(v.number()),
      lastContactMs: v.nullable(v.number()),
      auditSeq: v.nullable(v.number()),
    }),
  ),
});
export type Dashboard = v.InferOutput<typeof DashboardSchema>;

export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
