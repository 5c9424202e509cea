/**
 * The one-button action rows the screens share: a cancel that goes back, and a form's submit.
 */
import { useUi } from '../context.js';

/** The row with a single secondary "cancel" button. */
export function CancelAction({ onCancel, autoFocus }: { onCancel(): void; autoFocus?: boolean }) {
  const { t } = useUi();
  return (
    <div className="actions">
      <button type="button" className="btn btn--secondary" onClick={onCancel} autoFocus={autoFocus}>
        {t.cancel}
      </button>
    </div>
  );
}

/** The row with a form's single submit button. */
export function SubmitAction({ label, disabled, primary = false }: { label: string; disabled: boolean; primary?: boolean }) {
  return (
    <div className="actions">
      <button type="submit" className={`btn ${primary ? 'btn--primary' : 'btn--secondary'}`} disabled={disabled}>
        {label}
      </button>
    </div>
  );
}
