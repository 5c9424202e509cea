/**
 * "Cần người giám sát": a read that is not verified is checked in only with a supervisor's override — the
 * supervisor picked from listOperators (supervisors and admins, active), their PIN and a reason. The service
 * checks the PIN (HOSPITAL_OVERRIDE_REFUSED otherwise); the dialog shows its answer and keeps the entries.
 */
import { useState, type FormEvent } from 'react';
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import { OVERRIDE_PIN_RE } from '../../../electron/service/workflows/hospital/contract.js';
import { Dialog } from '../../src/components/Dialog.js';
import { useUi } from '../../src/context.js';
import { useErrorText, useOperators } from './hooks.js';
import { SelectField } from './parts.js';
import { hs } from './strings.js';

export interface Override {
  supervisorId: string;
  pin: string;
  reason: string;
}

export function SupervisorDialog({ api, busy, error, onSubmit, onClose }: { api: KioskClient; busy: boolean; error: ErrorInfo | null; onSubmit(o: Override): void; onClose(): void }) {
  const { lang, t } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const ops = useOperators(api);
  const supervisors = (ops.value ?? []).filter((o) => o.active && (o.role === 'supervisor' || o.role === 'admin'));
  const [supervisorId, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!supervisorId || !OVERRIDE_PIN_RE.test(pin) || reason.trim() === '') return setIncomplete(true);
    setIncomplete(false);
    onSubmit({ supervisorId, pin, reason: reason.trim() });
  };
  return (
    <Dialog title={s.supervisorTitle} onClose={onClose} closeLabel={t.close}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="lead hosp-unverified-line">{s.notVerifiedSub}</p>
        {ops.value && supervisors.length === 0 && <p className="problem">{s.noSupervisors}</p>}
        <SelectField label={s.supervisor} value={supervisorId} autoFocus onChange={setSupervisor}>
            <option value="">{s.pickSupervisor}</option>
            {supervisors.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({s.roles[o.role]})
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
        <p className="problem" role="alert">
          {incomplete ? s.overrideIncomplete : errText(error ?? ops.error)}
        </p>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {s.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
