/**
 * A counter's operator sign-in, shared by the workflows that have operators: pick your name from
 * listOperators, your PIN → signIn (the core's method), or sign out.
 */
import { useState, type FormEvent } from 'react';
import type { ErrorInfo, KioskClient, ReaderView } from '../../../electron/contract/types.js';
import { Dialog } from './Dialog.js';
import { SelectField } from './SelectField.js';
import { ops } from './operator-strings.js';
import { useUi } from '../context.js';
import { useErrorText, type OperatorView } from '../feature-hooks.js';
import { toErrorInfo } from '../transport/ws.js';

export function SignInDialog({ api, reader, operators, loadError, onClose }: { api: KioskClient; reader: ReaderView; operators: OperatorView[] | undefined; loadError: ErrorInfo | null; onClose(): void }) {
  const { lang, t } = useUi();
  const s = ops(lang);
  const errText = useErrorText();
  const [operatorId, setOperator] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const current = reader.operator;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!operatorId || pin.length < 4) return;
    setBusy(true);
    setError(null);
    api
      .signIn({ readerId: reader.id, operatorId, pin })
      .then(onClose, (x: unknown) => setError(toErrorInfo(x)))
      .finally(() => setBusy(false));
  };
  const signOut = (): void => {
    setBusy(true);
    api
      .signOut({ readerId: reader.id })
      .then(onClose, (x: unknown) => setError(toErrorInfo(x)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog title={s.signInTitle} onClose={onClose} closeLabel={t.close}>
      <form className="form" onSubmit={submit} noValidate>
        <SelectField label={s.operator} value={operatorId} autoFocus onChange={setOperator}>
          <option value="">{s.pickOperator}</option>
          {(operators ?? [])
            .filter((o) => o.active)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({s.roles[o.role] ?? o.role})
              </option>
            ))}
        </SelectField>
        <label className="field">
          <span className="field__label">{s.pin}</span>
          <input className="field__input field__input--short" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} />
        </label>
        <p className="problem" role="alert">
          {errText(error ?? loadError)}
        </p>
        <div className="actions">
          {current && (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={signOut}>
              {s.signOut}
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy || !operatorId || pin.length < 4}>
            {s.signIn}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The operator's name for a header chip: from the list, else the id as the reader has it. */
export function operatorName(operators: OperatorView[] | undefined, id: string | undefined): string | null {
  if (!id) return null;
  return operators?.find((o) => o.id === id)?.name ?? id;
}
