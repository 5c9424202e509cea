/**
 * A period's dashboard as CSV for spreadsheets: first one row per bucket × series (reads by verdict, read-time
 * p50/p95, check-ins, bank checks), then each table under its own header line. Codes and ids only, nothing
 * personal (the Dashboard holds nothing personal). A cell that a spreadsheet would run as a formula (= + - @)
 * is prefixed with a quote (OWASP's "CSV injection" advice).
 */
import type { Dashboard } from '../../contract/dashboard.js';

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (cells: (string | number | null)[]): string => cells.map(cell).join(',');
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function dashboardCsv(d: Dashboard): string {
  const out: string[] = [];
  out.push(line(['bucket_start', 'series', 'value']));
  const series: [string, readonly (number | null)[]][] = [
    ['reads.verified', d.reads.verified],
    ['reads.not_verified', d.reads.notVerified],
    ['reads.error', d.reads.error],
    ['read_ms.p50', d.latency.perBucket.p50],
    ['read_ms.p95', d.latency.perBucket.p95],
    ['hospital.checkins', d.hospital.checkins],
    ['bank.checks', d.bank.checks],
  ];
  d.reads.t.forEach((t, i) => {
    for (const [name, xs] of series) out.push(line([iso(t), name, xs[i] ?? null]));
  });
  const table = (title: string, header: string[], rows: (string | number | null)[][]): void => {
    out.push('', line([`# ${title}`]), line(header), ...rows.map(line));
  };
  const t = d.totals;
  table('totals', ['reads', 'verified', 'not_verified', 'errors', 'checkins', 'bank_checks', 'overrides', 'alerts', 'read_ms_p50', 'read_ms_p95'], [[t.reads, t.verified, t.notVerified, t.errors, t.checkins, t.bankChecks, t.overrides, t.alerts, d.latency.p50, d.latency.p95]]);
  table('failures', ['code', 'category', 'count'], d.failures.map((f) => [f.code, f.category, f.count]));
  table('departments', ['department', 'checkins'], d.hospital.byDepartment.map((x) => [x.department, x.count]));
  table('insurance_lookups', ['code', 'count'], d.hospital.lookups.map((x) => [x.code, x.count]));
  table('bank_outcomes', ['outcome', 'face', 'count'], d.bank.outcomes.map((x) => [x.outcome, x.face, x.count]));
  table('readers', ['kiosk', 'counter', 'reader', 'reads', 'errors', 'reader_errors', 'mean_apdus', 'last_seen'], d.readers.map((r) => [r.kiosk, r.counter, r.reader, r.reads, r.errors, r.readerErrors, r.meanApdus, iso(r.lastSeenMs)]));
  table('alerts', ['at', 'kiosk', 'counter', 'reader', 'alert', 'code'], d.alerts.map((a) => [iso(a.atMs), a.kiosk, a.counter, a.reader, a.alert, a.code]));
  table('operators', ['operator', 'name', 'checkins', 'bank_checks', 'overrides'], d.operators.map((o) => [o.operator, o.name, o.checkins, o.bankChecks, o.overrides]));
  table('kiosks', ['kiosk', 'name', 'events', 'last_event', 'last_contact', 'audit_seq'], d.kiosks.map((k) => [k.kiosk, k.name, k.events, iso(k.lastEventMs), iso(k.lastContactMs), k.auditSeq]));
  return out.join('\r\n') + '\r\n';
}
