/**
 * A supervisor's override, shared by the workflows: the supervisor picked from listOperators (supervisors
 * and admins, active), their PIN and a reason (typed, or one of the workflow's common reasons). The service
 * checks the PIN and the role; the dialog shows its answer and keeps the entries. The workflow gives the
 * dialog's title, what is being overridden and the confirm button's words.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import { Dialog } from './Dialog.js';
import { SelectField } from './SelectField.js';
import { ops } from './operator-strings.js';
import { useUi } from '../context.js';
import { useErrorText, useOperators } from '../feature-hooks.js';

export interface Override {
  supervisorId: string;
  pin: string;
  reason: string;
}

const PIN_RE = /^[0-9]{4,12}$/;

export interface SupervisorDialogProps {
  api: KioskClient;
  busy: boolean;
  error: ErrorInfo | null;
  title: string;
  /** What the supervisor is letting through (shown at the top, in red). */
  lead: ReactNode;
  confirmLabel: string;
  /** Common reasons offered for the reason field (a tap fills it; it stays editable). */
  reasons?: readonly string[];
  onSubmit(o: Override): void;
  onClose(): void;
}

export function SupervisorDialog({ api, busy, error, title, lead, confirmLabel, reasons = [], onSubmit, onClose }: SupervisorDialogProps) {
  const { lang, t } = useUi();
  const s = ops(lang);
  const errText = useErrorText();
  const list = useOperators(api);
  const supervisors = (list.value ?? []).filter((o) => o.active && (o.role === 'supervisor' || o.role === 'admin'));
  const [supervisorId, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!supervisorId || !PIN_RE.test(pin) || reason.trim() === '') return setIncomplete(true);
    setIncomplete(false);
    onSubmit({ supervisorId, pin, reason: reason.trim() });
  };
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t.close}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="lead supervisor__lead">{lead}</div>
        {list.value && supervisors.length === 0 && <p className="problem">{s.noSupervisors}</p>}
        <SelectField label={s.supervisor} value={supervisorId} autoFocus onChange={setSupervisor}>
          <option value="">{s.pickSupervisor}</option>
          {supervisors.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({s.roles[o.role] ?? o.role})
            </option>
          ))}
        </SelectField>
        <label className="field">
          <span className="field__label">{s.supervisorPin}</span>
          <input className="field__input field__input--short" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} />
        </label>
        <label className="field">
          <span className="field__label">{s.reason}</span>
          <input className="field__input" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {reasons.length > 0 && (
          <div className="supervisor__reasons" role="group" aria-label={s.reason}>
            {reasons.map((r) => (
              <button key={r} type="button" className="btn btn--ghost" aria-pressed={reason === r} onClick={() => setReason(r)}>
                {r}
              </button>
            ))}
          </div>
        )}
        <p className="problem" role="alert">
          {incomplete ? s.overrideIncomplete : errText(error ?? list.error)}
        </p>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
