/**
 * A labelled select whose label is only its own words (a <label> wrapping the select would take the options'
 * text into its name too). Shared by the workflows' screens.
 */
import { useId, type ReactNode } from 'react';

export function SelectField({ label, value, onChange, children, inline = false, autoFocus = false }: { label: string; value: string; onChange(v: string): void; children: ReactNode; inline?: boolean; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className={`field ${inline ? 'field--inline' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__input" value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}
