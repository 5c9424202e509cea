/**
 * The managers' dashboard, the same screen on the kiosk and on the central page: a period (and on the central
 * view a kiosk), the figures of that period from the data source, redrawn as reads happen (at most once a
 * second), exports of the period. Every chart has its summary in words and a data table behind it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { Dashboard, DashboardQuery, ExportFormat } from '../../electron/contract/dashboard.js';
import { useDash } from './context.js';
import { HistogramChart, LatencyChart, ReadsChart } from './charts.js';
import { Section } from './parts.js';
import { KioskFilter, PeriodPicker } from './Period.js';
import { periodQuery, type PeriodChoice } from './period.js';
import { Alerts, Bank, Failures, Hospital, Kiosks, Operators, Readers, Totals } from './sections.js';
import { throttle, timeText } from './series.js';
import type { DashboardDataSource, ExportedFile } from './types.js';
import { bytesFromBase64, saveBlob } from '../src/download.js';

export interface DashboardViewProps {
  source: DashboardDataSource;
  /** The error's words in the screen's language (a coded error from the source). */
  errorText(e: unknown): string;
  /** Called with a coded error that ends the view's right to ask (session expired, 401): the owner locks. */
  onDenied?(e: unknown): void;
  initial?: PeriodChoice;
  /** For tests and the bench: the clock. */
  now?(): number;
}

/** Loads the figures of `q`; live reloads keep the old figures on screen until the new ones are there. */
function useFigures(source: DashboardDataSource, q: DashboardQuery | null, live: number, onDenied: ((e: unknown) => void) | undefined) {
  const [value, setValue] = useState<Dashboard | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  /** When the last answer arrived (performance.now()), for the render measure. */
  const arrived = useRef(0);
  const key = q ? JSON.stringify(q) : '';
  const denied = useRef(onDenied);
  denied.current = onDenied;
  useEffect(() => {
    if (!q) return;
    let live = true;
    setLoading(true);
    const t0 = performance.now();
    source.load(q).then(
      (d) => {
        if (!live) return;
        performance.measure('chipid:dashboard-load', { start: t0 });
        arrived.current = performance.now();
        setValue(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
        denied.current?.(e);
      },
    );
    return () => {
      live = false;
    };
    // `key` is the query's value; `live` a read that finished; `tick` a retry.
  }, [source, key, live, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { value, error, loading, reload, arrived };
}

/** Saves an exported file through a download link (the page's CSP allows blob: downloads, not fetches). */
function download(f: ExportedFile): void {
  saveBlob(new Blob([bytesFromBase64(f.base64)], { type: f.mime }), f.fileName);
}

export function DashboardView({ source, errorText, onDenied, initial = { kind: 'today' }, now = Date.now }: DashboardViewProps): ReactElement {
  const { s } = useDash();
  const [choice, setChoice] = useState<PeriodChoice>(initial);
  const [nowMs, setNow] = useState(now);
  // The period is taken again on every reload, so "today" follows the clock.
  const q = useMemo(() => periodQuery(choice, nowMs), [choice, nowMs]);
  const [live, setLive] = useState(0);
  const figures = useFigures(source, q, live, onDenied);
  const d = figures.value;
  const [exportMsg, setExportMsg] = useState<string>('');
  const [exporting, setExporting] = useState<ExportFormat | null>(null);

  // Live: a finished read (the source's events) asks again, at most once a second.
  const clock = useRef(now);
  clock.current = now;
  useEffect(() => {
    if (!source.subscribe) return;
    const th = throttle(
      () => {
        setNow(clock.current());
        setLive((n) => n + 1);
      },
      1000, { now: () => performance.now(), later: (f, ms) => setTimeout(f, ms), cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) });
    const off = source.subscribe(() => th.call());
    return () => {
      off();
      th.stop();
    };
  }, [source]);

  // Measurement (no data): answer arrived → drawn (the frame after React committed it and uPlot drew).
  useEffect(() => {
    if (!d) return;
    const start = figures.arrived.current;
    const raf = requestAnimationFrame(() => performance.measure('chipid:dashboard-render', { start }));
    return () => cancelAnimationFrame(raf);
  }, [d, figures.arrived]);

  const formats = source.exportFile ? (source.formats ?? ['csv', 'pdf']) : [];
  const doExport = (format: ExportFormat): void => {
    if (!q || !source.exportFile) return;
    setExporting(format);
    setExportMsg('');
    source
      .exportFile(q, format)
      .then(
        (f) => {
          download(f);
          setExportMsg(s.exported(f.fileName));
        },
        (e: unknown) => setExportMsg(errorText(e)),
      )
      .finally(() => setExporting(null));
  };

  const showHospital = d && (d.totals.checkins > 0 || d.hospital.lookups.length > 0 || d.hospital.byDepartment.length > 0);
  const showBank = d && (d.totals.bankChecks > 0 || d.bank.outcomes.length > 0);
  return (
    <div className="dash" data-loading={figures.loading ? 'true' : 'false'}>
      <div className="dash-toolbar">
        <PeriodPicker choice={choice} onChoice={(c) => setChoice(c)} nowMs={nowMs} />
        {source.showKioskFilter && <KioskFilter d={d} value={choice.kiosk} onChange={(k) => setChoice((c) => ({ ...c, kiosk: k }))} nowMs={nowMs} />}
        {formats.length > 0 && (
          <div className="dash-export">
            {formats.map((f) => (
              <button key={f} type="button" className="btn btn--secondary" disabled={exporting !== null || !q} onClick={() => doExport(f)}>
                {f === 'csv' ? s.exportCsv : s.exportPdf}
              </button>
            ))}
          </div>
        )}
      </div>
      <p className="dash-status" role="status" aria-live="polite">
        {figures.loading && !d ? s.loading : d ? `${d.source === 'central' ? s.sourceCentral : s.sourceKiosk} · ${s.updated(timeText(Date.parse(d.generatedAt), d.query.tzOffsetMin))}${source.subscribe ? ` · ${s.live}` : ''}` : ''}
        {exportMsg ? ` · ${exportMsg}` : ''}
      </p>
      {figures.error !== null && (
        <div className="dash-error" role="alert">
          <p>{errorText(figures.error)}</p>
          <button type="button" className="btn btn--secondary" onClick={figures.reload}>
            {s.retry}
          </button>
        </div>
      )}
      {d && (
        <div className="dash-grid">
          <Totals d={d} />
          <Alerts d={d} />
          <Section id="dash-reads" title={s.readsTitle} className="dash-card--wide">
            <ReadsChart d={d} />
          </Section>
          <Failures d={d} />
          <Section id="dash-latency" title={s.latencyTitle}>
            <LatencyChart d={d} />
            <h3 className="dash-card__sub">{s.histTitle}</h3>
            <HistogramChart d={d} />
          </Section>
          {showHospital && <Hospital d={d} />}
          {showBank && <Bank d={d} />}
          <Readers d={d} nowMs={nowMs} />
          <Operators d={d} />
          {(source.showKioskFilter || d.kiosks.length > 1) && <Kiosks d={d} nowMs={nowMs} />}
        </div>
      )}
    </div>
  );
}
