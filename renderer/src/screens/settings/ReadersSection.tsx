/** Readers: each reader's display name, counter, workflow and signed-in operator (configureReader). */
import { useUi } from '../../context.js';
import { FEATURES } from '../../../features/index.js';
import type { SectionProps } from './types.js';

export function ReadersSection({ readers, readerDraft, editReader }: SectionProps) {
  const { t, lang } = useUi();
  return (
    <fieldset className="form__group">
      <legend>{t.readerLabels}</legend>
      {readers.map((r, i) => {
        const d = readerDraft(r);
        return (
          <fieldset key={r.id} className="form__row">
            <legend className="form__reader">{r.name}</legend>
            <label className="field field--inline">
              <span className="field__label">{t.readerLabel}</span>
              <input className="field__input" autoFocus={i === 0} value={d.label} onChange={(e) => editReader(r, 'label', e.target.value)} />
            </label>
            <label className="field field--inline">
              <span className="field__label">{t.counterLabel}</span>
              <input className="field__input" value={d.counter} onChange={(e) => editReader(r, 'counter', e.target.value)} />
            </label>
            <label className="field field--inline">
              <span className="field__label">{t.workflowLabel}</span>
              <select className="field__input" value={d.workflow} onChange={(e) => editReader(r, 'workflow', e.target.value)}>
                {FEATURES.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label[lang]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field--inline">
              <span className="field__label">{t.operatorLabel}</span>
              <input className="field__input" value={d.operator} onChange={(e) => editReader(r, 'operator', e.target.value)} />
            </label>
          </fieldset>
        );
      })}
    </fieldset>
  );
}
