/** The dashboard's small parts: a section, the data table behind a chart, labelled bars, a legend. */
import type { ReactElement, ReactNode } from 'react';
import { useDash } from './context.js';

export function Section({ id, title, className = '', children }: { id: string; title: string; className?: string; children: ReactNode }): ReactElement {
  return (
    <section className={`dash-card ${className}`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="dash-card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A table of rows; `caption` names it for screen readers. Numbers right-aligned. */
export function Table({ caption, head, rows, numeric = [] }: { caption: string; head: string[]; rows: ReactNode[][]; numeric?: number[] }): ReactElement {
  const { s } = useDash();
  if (rows.length === 0) return <p className="dash-none">{s.none}</p>;
  return (
    <div className="dash-table-wrap">
      <table className="dash-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={numeric.includes(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j} className={numeric.includes(j) ? 'num' : undefined}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The numbers behind a chart, folded: "Bảng số liệu / Data table" (a native <details>, reachable by Tab). */
export function DataTable(props: { caption: string; head: string[]; rows: ReactNode[][]; numeric?: number[] }): ReactElement {
  const { s } = useDash();
  return (
    <details className="dash-details">
      <summary>
        {s.dataTable}: {props.caption}
      </summary>
      <Table {...props} />
    </details>
  );
}

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** A second line (the codes behind a category). */
  detail?: string;
  tone?: 'a' | 'b' | 'c' | 'd' | 'e';
}

/** Horizontal bars with their label and count written out (colour is never the only carrier). */
export function Bars({ bars, label }: { bars: Bar[]; label: string }): ReactElement {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <ul className="dash-bars" aria-label={label}>
      {bars.map((b) => (
        <li key={b.key} className="dash-bars__row">
          <span className="dash-bars__label">{b.label}</span>
          <span className="dash-bars__track" aria-hidden="true">
            <span className={`dash-bars__fill dash-tone-${b.tone ?? 'a'}`} style={{ width: `${(100 * b.count) / max}%` }} />
          </span>
          <span className="dash-bars__count">{b.count}</span>
          {b.detail && <span className="dash-bars__detail">{b.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

/** A chart's legend: swatch (colour and pattern) and words. */
export function Legend({ items }: { items: { label: string; swatch: string }[] }): ReactElement {
  return (
    <ul className="dash-legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <span className={`dash-swatch ${i.swatch}`} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
