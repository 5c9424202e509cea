/**
 * The bank section of the settings panel: keepImages, imageRetentionDays, challengeSeconds
 * (draft.workflows.bank, saved with the panel by updateSettings; checked by checkBankSettings first).
 */
import type { SectionProps } from '../../src/screens/settings/types.js';
import { useUi } from '../../src/context.js';
import { workflow } from './api.js';
import { bs } from './strings.js';

type Value = string | number | boolean | null;

export function BankSettings({ draft, edit, settings }: SectionProps) {
  const { lang } = useUi();
  const s = bs(lang);
  const declared = settings.workflows?.[workflow.name];
  const values: Record<string, Value> = draft.workflows?.[workflow.name] ?? {};
  const set = (k: string, val: Value): void => edit((d) => ({ ...d, workflows: { ...d.workflows, [workflow.name]: { ...(d.workflows?.[workflow.name] ?? {}), [k]: val } } }));
  const str = (k: string): string => (values[k] === null || values[k] === undefined ? '' : String(values[k]));
  // Kept as typed when it is not a whole number, so the check names it instead of a silent change.
  const num = (k: string, text: string): void => set(k, /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text);
  return (
    <fieldset className="form__group bset">
      <legend>{s.settingsTitle}</legend>
      {!declared && <p className="muted form__note">{s.noSettings}</p>}
      <label className="hcheck bk-check">
        <input type="checkbox" checked={values.keepImages !== false} onChange={(e) => set('keepImages', e.target.checked)} />
        <span>{s.keepImages}</span>
      </label>
      <label className="field field--inline">
        <span className="field__label">{s.imageRetentionDays}</span>
        <input className="field__input field__input--short" inputMode="numeric" value={str('imageRetentionDays')} onChange={(e) => num('imageRetentionDays', e.target.value)} />
      </label>
      <label className="field field--inline">
        <span className="field__label">{s.challengeSeconds}</span>
        <input className="field__input field__input--short" inputMode="numeric" value={str('challengeSeconds')} onChange={(e) => num('challengeSeconds', e.target.value)} />
      </label>
    </fieldset>
  );
}
