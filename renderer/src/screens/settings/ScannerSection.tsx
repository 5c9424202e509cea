/** The QR scanner's prefix and suffix (updateSettings). */
import { useUi } from '../../context.js';
import type { SectionProps } from './types.js';

export function ScannerSection({ draft, edit }: SectionProps) {
  const { t } = useUi();
  return (
    <fieldset className="form__group">
      <legend>{t.scannerTitle}</legend>
      <p className="muted">{t.scannerHint}</p>
      <label className="field field--inline">
        <span className="field__label">{t.scannerPrefix}</span>
        <input className="field__input field__input--short" autoComplete="off" spellCheck={false} value={draft.scannerPrefix} onChange={(e) => edit((x) => ({ ...x, scannerPrefix: e.target.value }))} />
      </label>
      <label className="field field--inline">
        <span className="field__label">{t.scannerSuffix}</span>
        <input className="field__input field__input--short" autoComplete="off" spellCheck={false} value={draft.scannerSuffix} onChange={(e) => edit((x) => ({ ...x, scannerSuffix: e.target.value }))} />
      </label>
    </fieldset>
  );
}
