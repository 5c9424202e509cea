/** The period picker (today, 7/30/90 days, custom dates) and the kiosk filter of the central view. */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { Dashboard } from '../../electron/contract/dashboard.js';
import { useDash } from './context.js';
import { PERIODS, localDate, periodQuery, type PeriodChoice } from './period.js';
import { agoText } from './series.js';

export function PeriodPicker({ choice, onChoice, nowMs }: { choice: PeriodChoice; onChoice(c: PeriodChoice): void; nowMs: number }): ReactElement {
  const { s } = useDash();
  const [from, setFrom] = useState(choice.from ?? localDate(nowMs - 6 * 86_400_000));
  const [to, setTo] = useState(choice.to ?? localDate(nowMs));
  const [bad, setBad] = useState(false);
  const apply = (e: FormEvent): void => {
    e.preventDefault();
    const c: PeriodChoice = { ...choice, kind: 'custom', from, to };
    if (!periodQuery(c, nowMs)) return setBad(true);
    setBad(false);
    onChoice(c);
  };
  return (
    <div className="dash-period">
      <div className="segmented" role="group" aria-label={s.period}>
        {PERIODS.map((p) => (
          <button key={p} type="button" className={`segmented__btn${choice.kind === p ? ' segmented__btn--on' : ''}`} aria-pressed={choice.kind === p} onClick={() => (p === 'custom' ? onChoice({ ...choice, kind: 'custom', from, to }) : onChoice({ ...choice, kind: p }))}>
            {s.periods[p]}
          </button>
        ))}
      </div>
      {choice.kind === 'custom' && (
        <form className="dash-custom" onSubmit={apply} noValidate>
          <label className="field field--inline">
            <span className="field__label">{s.from}</span>
            <input className="field__input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={bad} />
          </label>
          <label className="field field--inline">
            <span className="field__label">{s.to}</span>
            <input className="field__input" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={bad} />
          </label>
          <button type="submit" className="btn btn--secondary">
            {s.apply}
          </button>
          <p className="problem" role="alert">
            {bad ? s.badRange : ''}
          </p>
        </form>
      )}
    </div>
  );
}

export function KioskFilter({ d, value, onChange, nowMs }: { d: Dashboard | undefined; value: string | undefined; onChange(k: string | undefined): void; nowMs: number }): ReactElement {
  const { s, lang } = useDash();
  const kiosks = d?.kiosks ?? [];
  // The chosen kiosk stays in the list while its own answer (with only itself) is shown.
  return (
    <label className="field dash-kiosk">
      <span className="field__label">{s.kiosk}</span>
      <select className="field__input" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{s.allKiosks}</option>
        {kiosks.map((k) => (
          <option key={k.kiosk} value={k.kiosk}>
            {k.name ?? k.kiosk} · {s.lastContact}: {agoText(k.lastContactMs, nowMs, lang)}
          </option>
        ))}
        {value && !kiosks.some((k) => k.kiosk === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
