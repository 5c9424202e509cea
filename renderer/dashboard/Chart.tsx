/**
 * One uPlot chart: made once per set of options (language, kind), given new data in place (a live update
 * redraws without rebuilding), sized to its box (ResizeObserver). The canvas is a picture to screen readers:
 * the figure carries the chart's summary as its label, and the data table beside it carries the numbers.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { VN_TZ_OFFSET_MIN } from './period.js';

export interface ChartProps {
  /** The options for a width (height is the chart's own); rebuilt when `optsKey` changes. */
  opts(width: number): uPlot.Options;
  optsKey: string;
  data: uPlot.AlignedData;
  /** The chart's summary for screen readers (what the picture says, in words). */
  label: string;
  height?: number;
}

/** uPlot draws time in the browser's zone; this shows it in the kiosk's (Vietnam: UTC+7), whatever the browser's. */
export function tzDate(tzOffsetMin = VN_TZ_OFFSET_MIN): (ts: number) => Date {
  return (ts) => {
    const d = new Date(ts * 1000);
    return new Date(ts * 1000 + (tzOffsetMin + d.getTimezoneOffset()) * 60_000);
  };
}

export function Chart({ opts, optsKey, data, label, height = 240 }: ChartProps): ReactElement {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const optsRef = useRef(opts);
  optsRef.current = opts;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(200, Math.floor(el.clientWidth));
    const u = new uPlot({ ...optsRef.current(width), width, height }, dataRef.current, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(el.clientWidth));
      if (w !== u.width) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [optsKey, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div className="dash-chart" ref={box} role="img" aria-label={label} />;
}

/** Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), and a hatch for the third series. */
export const COLORS = { blue: '#0072B2', orange: '#E69F00', vermillion: '#D55E00', green: '#009E73', sky: '#56B4E9', grey: '#4a5361' } as const;

let hatchCache: CanvasPattern | null = null;
/** Diagonal stripes (for the error series: told apart by pattern, not by colour alone). */
export function hatch(color: string = COLORS.vermillion): CanvasPattern | string {
  if (hatchCache) return hatchCache;
  const c = document.createElement('canvas');
  c.width = 8;
  c.height = 8;
  const g = c.getContext('2d');
  if (!g) return color;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = color;
  g.lineWidth = 3;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.stroke();
  hatchCache = g.createPattern(c, 'repeat');
  return hatchCache ?? color;
}
