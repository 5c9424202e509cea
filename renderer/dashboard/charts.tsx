/** The time charts (uPlot): reads stacked by verdict, read time p50/p95 per bucket, the read-time histogram. */
import { useMemo, type ReactElement } from 'react';
import uPlot from 'uplot';
import type { Dashboard } from '../../electron/contract/dashboard.js';
import { Chart, COLORS, hatch, tzDate } from './Chart.js';
import { useDash } from './context.js';
import { DataTable, Legend } from './parts.js';
import { bucketLabel, durationText, histogramBins, latencyLines, stackedReads, sum } from './series.js';

const bars = (): uPlot.Series.PathBuilder => uPlot.paths.bars!({ size: [0.8, 120], gap: 1 });
const pad = (n: number): string => String(n).padStart(2, '0');

/** The time axis in the kiosk's words: 'dd/mm' for days, 'HH:00' for hours (uPlot's defaults are US English). */
function timeAxis(bucket: Dashboard['query']['bucket'], tz: number): uPlot.Axis {
  const at = tzDate(tz);
  return {
    ...axisStyle,
    space: bucket === 'day' ? 56 : 48,
    incrs: bucket === 'day' ? [86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400] : [3_600, 2 * 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400],
    values: (_u, splits) =>
      splits.map((x) => {
        const d = at(x);
        return bucket === 'day' ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}` : `${pad(d.getHours())}:00`;
      }),
  };
}
const axisStyle = { stroke: '#14181f', grid: { stroke: '#dde3ea', width: 1 }, ticks: { stroke: '#c9d1dc', width: 1 }, font: '13px system-ui, sans-serif' };

export function ReadsChart({ d }: { d: Dashboard }): ReactElement {
  const { s, lang } = useDash();
  const st = useMemo(() => stackedReads(d), [d]);
  const tz = d.query.tzOffsetMin;
  const unit = d.query.bucket === 'hour' ? s.hours : s.days;
  const data = useMemo<uPlot.AlignedData>(() => [st.x, st.stack[2], st.stack[1], st.stack[0]], [st]);
  const opts = (width: number): uPlot.Options => ({
    width,
    height: 240,
    tzDate: tzDate(tz),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.1)] } },
    axes: [timeAxis(d.query.bucket, tz), { ...axisStyle, size: 56 }],
    series: [
      {},
      // Drawn in this order: the whole stack (error on top), then what lies under it.
      { label: s.verdicts.error, fill: () => hatch(), stroke: COLORS.vermillion, width: 1, paths: bars(), points: { show: false } },
      { label: s.verdicts.notVerified, fill: COLORS.orange, stroke: COLORS.orange, width: 1, paths: bars(), points: { show: false } },
      { label: s.verdicts.verified, fill: COLORS.blue, stroke: COLORS.blue, width: 1, paths: bars(), points: { show: false } },
    ],
  });
  const multiDay = d.query.toMs - d.query.fromMs > 86_400_000;
  const rows = st.x
    .map((x, i) => [bucketLabel(x * 1000, d.query.bucket, tz, multiDay), st.verified[i] ?? 0, st.notVerified[i] ?? 0, st.error[i] ?? 0, (st.stack[2][i] ?? 0)] as const)
    .filter((r) => r[4] > 0)
    .map((r) => [...r]);
  const label = s.readsSummary(d.totals.reads, d.totals.verified, d.totals.notVerified, d.totals.errors, st.x.length, unit);
  return (
    <>
      <Legend
        items={[
          { label: s.verdicts.verified, swatch: 'dash-swatch--verified' },
          { label: s.verdicts.notVerified, swatch: 'dash-swatch--not-verified' },
          { label: s.verdicts.error, swatch: 'dash-swatch--error' },
        ]}
      />
      <Chart optsKey={`reads-${lang}-${tz}-${d.query.bucket}`} opts={opts} data={data} label={label} />
      <p className="dash-summary">{label}</p>
      <DataTable caption={s.readsTitle} head={[s.time, s.verdicts.verified, s.verdicts.notVerified, s.verdicts.error, s.reads]} rows={rows} numeric={[1, 2, 3, 4]} />
    </>
  );
}

export function LatencyChart({ d }: { d: Dashboard }): ReactElement {
  const { s, lang } = useDash();
  const l = useMemo(() => latencyLines(d), [d]);
  const tz = d.query.tzOffsetMin;
  const data = useMemo<uPlot.AlignedData>(() => [l.x, l.p50, l.p95], [l]);
  const opts = (width: number): uPlot.Options => ({
    width,
    height: 220,
    tzDate: tzDate(tz),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1000, (max || 0) * 1.15)] } },
    axes: [timeAxis(d.query.bucket, tz), { ...axisStyle, size: 84, values: (_u, v) => v.map((x) => durationText(x, s)) }],
    series: [
      {},
      { label: 'p50', stroke: COLORS.blue, width: 2, spanGaps: false, points: { show: true, size: 5 } },
      { label: 'p95', stroke: COLORS.vermillion, width: 2, dash: [8, 5], spanGaps: false, points: { show: true, size: 5 } },
    ],
  });
  const multiDay = d.query.toMs - d.query.fromMs > 86_400_000;
  const rows = l.x.flatMap((x, i) => (l.p50[i] === null && l.p95[i] === null ? [] : [[bucketLabel(x * 1000, d.query.bucket, tz, multiDay), durationText(l.p50[i] ?? null, s), durationText(l.p95[i] ?? null, s)]]));
  const label = s.latencySummary(durationText(d.latency.p50, s), durationText(d.latency.p95, s), durationText(d.latency.meanMs, s));
  return (
    <>
      <Legend
        items={[
          { label: 'p50', swatch: 'dash-swatch--p50' },
          { label: 'p95', swatch: 'dash-swatch--p95' },
        ]}
      />
      <Chart optsKey={`lat-${lang}-${tz}-${d.query.bucket}`} opts={opts} data={data} label={label} height={220} />
      <p className="dash-summary">{label}</p>
      <DataTable caption={s.latencyTitle} head={[s.time, 'p50', 'p95']} rows={rows} numeric={[1, 2]} />
    </>
  );
}

export function HistogramChart({ d }: { d: Dashboard }): ReactElement {
  const { s, lang } = useDash();
  const bins = useMemo(() => histogramBins(d, (ms) => durationText(ms, s), s.upTo, s.over), [d, s]);
  const data = useMemo<uPlot.AlignedData>(() => [bins.map((_, i) => i), bins.map((b) => b.count)], [bins]);
  const labels = bins.map((b) => b.label);
  const opts = (width: number): uPlot.Options => ({
    width,
    height: 200,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.1)] } },
    axes: [
      { ...axisStyle, space: 70, incrs: [1, 2, 3, 4, 5, 10], values: (_u, v) => v.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')) },
      { ...axisStyle, size: 56 },
    ],
    series: [{}, { label: s.count, fill: COLORS.sky, stroke: COLORS.blue, width: 1, paths: bars() }],
  });
  const total = sum(bins.map((b) => b.count));
  const label = s.histSummary(total, durationText(d.latency.p50, s));
  return (
    <>
      <Chart optsKey={`hist-${lang}-${labels.join('|')}`} opts={opts} data={data} label={label} height={200} />
      <p className="dash-summary">{label}</p>
      <DataTable caption={s.histTitle} head={[s.time, s.count]} rows={bins.map((b) => [b.label, b.count])} numeric={[1]} />
    </>
  );
}
