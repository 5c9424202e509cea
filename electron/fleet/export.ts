/**
 * A dashboard period as a table, for the CSV export (the kiosk's and the central view's) and the PDF's pages:
 * one section per chart, each with its own header row, the numbers exactly as the charts draw them. Nothing
 * personal beyond the dashboard itself (operators by name only where the dashboard carries names). Pure.
 */
import type { Dashboard } from '../contract/dashboard.js';

export interface Section {
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

const iso = (ms: number | null): string => (ms === null || ms === 0 ? '' : new Date(ms).toISOString());

/** Local time of the dashboard's zone, 'yyyy-mm-dd hh:mm', for bucket labels. */
export function localLabel(ms: number, tzOffsetMin: number): string {
  return new Date(ms + tzOffsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function dashboardSections(d: Dashboard): Section[] {
  const tz = d.query.tzOffsetMin;
  const t = d.reads.t.map((x) => localLabel(x, tz));
  return [
    {
      title: 'Tổng / Totals',
      header: ['from', 'to', 'reads', 'verified', 'not_verified', 'errors', 'checkins', 'bank_checks', 'overrides', 'alerts'],
      rows: [[iso(d.query.fromMs), iso(d.query.toMs), d.totals.reads, d.totals.verified, d.totals.notVerified, d.totals.errors, d.totals.checkins, d.totals.bankChecks, d.totals.overrides, d.totals.alerts]],
    },
    {
      title: `Lượt đọc / Reads per ${d.query.bucket}`,
      header: ['bucket', 'verified', 'not_verified', 'error', 'p50_ms', 'p95_ms', 'checkins', 'bank_checks'],
      rows: t.map((label, i) => [label, d.reads.verified[i]!, d.reads.notVerified[i]!, d.reads.error[i]!, d.latency.perBucket.p50[i] ?? null, d.latency.perBucket.p95[i] ?? null, d.hospital.checkins[i]!, d.bank.checks[i]!]),
    },
    { title: 'Lý do thất bại / Failure reasons', header: ['code', 'category', 'count'], rows: d.failures.map((f) => [f.code, f.category, f.count]) },
    {
      title: 'Thời gian đọc / Read time histogram',
      header: ['from_ms', 'to_ms', 'count'],
      rows: d.latency.counts.map((c, i) => [i === 0 ? 0 : d.latency.edges[i - 1]!, i < d.latency.edges.length ? d.latency.edges[i]! : null, c]),
    },
    { title: 'Tiếp đón theo khoa / Check-ins per department', header: ['department', 'count'], rows: d.hospital.byDepartment.map((x) => [x.department, x.count]) },
    { title: 'Tra cứu BHYT / Insurance lookups', header: ['status', 'count'], rows: d.hospital.lookups.map((x) => [x.code, x.count]) },
    { title: 'Đối chiếu khuôn mặt / Face-match outcomes', header: ['outcome', 'face', 'count'], rows: d.bank.outcomes.map((x) => [x.outcome, x.face, x.count]) },
    {
      title: 'Đầu đọc / Readers',
      header: ['kiosk', 'counter', 'reader', 'reads', 'errors', 'reader_errors', 'mean_apdus', 'last_seen'],
      rows: d.readers.map((r) => [r.kiosk, r.counter, r.reader, r.reads, r.errors, r.readerErrors, r.meanApdus, iso(r.lastSeenMs)]),
    },
    { title: 'Cảnh báo / Alerts', header: ['time', 'kiosk', 'counter', 'reader', 'alert', 'code'], rows: d.alerts.map((a) => [iso(a.atMs), a.kiosk, a.counter, a.reader, a.alert, a.code]) },
    { title: 'Nhân viên / Operators', header: ['operator', 'name', 'checkins', 'bank_checks', 'overrides'], rows: d.operators.map((o) => [o.operator, o.name ?? '', o.checkins, o.bankChecks, o.overrides]) },
    {
      title: 'Ki-ốt / Kiosks',
      header: ['kiosk', 'name', 'events', 'last_event', 'last_contact', 'audit_seq'],
      rows: d.kiosks.map((k) => [k.kiosk, k.name ?? '', k.events, iso(k.lastEventMs), iso(k.lastContactMs), k.auditSeq]),
    },
  ];
}

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is neutralised (spreadsheet formulas). */
function field(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of a dashboard: UTF-8 with a BOM (so spreadsheet programs read Vietnamese right), CRLF lines. */
export function dashboardCsv(d: Dashboard): string {
  const lines: string[] = [];
  for (const s of dashboardSections(d)) {
    lines.push(field(s.title), s.header.map(field).join(','));
    for (const r of s.rows) lines.push(r.map(field).join(','));
    lines.push('');
  }
  return `\uFEFF${lines.join('\r\n')}`;
}

/** A file name for the period in local dates: chipid-dashboard-<from>-<to> (a kiosk), chipid-fleet-<kiosk|all>-<from>-<to> (central). */
export function exportFileName(d: Dashboard, ext: 'csv' | 'pdf'): string {
  const day = (ms: number) => localLabel(ms, d.query.tzOffsetMin).slice(0, 10);
  const what = d.source === 'central' ? `chipid-fleet-${d.query.kiosk ?? 'all'}` : 'chipid-dashboard';
  return `${what}-${day(d.query.fromMs)}-${day(Math.max(d.query.fromMs, d.query.toMs - 1))}.${ext}`;
}
