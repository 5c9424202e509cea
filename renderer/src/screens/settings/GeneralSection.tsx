/** General: how long a result stays, the kiosk mode and the retention of the records (updateSettings). */
import type { KioskMode } from '../../../../electron/contract/types.js';
import { useUi } from '../../context.js';
import type { SectionProps } from './types.js';

export function GeneralSection({ draft, edit, mode, setMode }: SectionProps) {
  const { t } = useUi();
  return (
    <fieldset className="form__group">
      <legend>{t.general}</legend>
      <label className="field field--inline">
        <span className="field__label">{t.clearAfter}</span>
        <input className="field__input field__input--short" inputMode="numeric" value={draft.resultTimeoutSeconds} onChange={(e) => edit((x) => ({ ...x, resultTimeoutSeconds: e.target.value }))} />
      </label>
      <label className="field field--inline">
        <span className="field__label">{t.mode}</span>
        <select className="field__input" value={mode} onChange={(e) => setMode(e.target.value as KioskMode)}>
          <option value="assisted">{t.modeAssisted}</option>
          <option value="self-service">{t.modeSelf}</option>
        </select>
      </label>
      <label className="field field--inline">
        <span className="field__label">{t.retention}</span>
        <input className="field__input field__input--short" inputMode="numeric" value={draft.retentionDays} onChange={(e) => edit((x) => ({ ...x, retentionDays: e.target.value }))} />
      </label>
    </fieldset>
  );
}
