/** "Từ chối": a reason is required — one of the common reasons (a tap fills it) or typed. */
import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../electron/contract/types.js';
import { Dialog } from '../../src/components/Dialog.js';
import { useUi } from '../../src/context.js';
import { useErrorText } from '../../src/feature-hooks.js';
import { bs } from './strings.js';

export function RefuseDialog({ busy, error, onSubmit, onClose }: { busy: boolean; error: ErrorInfo | null; onSubmit(reason: string): void; onClose(): void }) {
  const { lang, t } = useUi();
  const s = bs(lang);
  const errText = useErrorText();
  const [reason, setReason] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (reason.trim() === '') return setIncomplete(true);
    setIncomplete(false);
    onSubmit(reason.trim());
  };
  return (
    <Dialog title={s.refuseTitle} onClose={onClose} closeLabel={t.close}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="supervisor__reasons" role="group" aria-label={s.refuseReason}>
          {s.refuseReasons.map((r) => (
            <button key={r} type="button" className="btn btn--ghost" aria-pressed={reason === r} onClick={() => setReason(r)}>
              {r}
            </button>
          ))}
        </div>
        <label className="field">
          <span className="field__label">{s.refuseReason}</span>
          <input className="field__input" autoFocus maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <p className="problem" role="alert">
          {incomplete ? s.refuseIncomplete : errText(error)}
        </p>
        <div className="actions">
          <button type="submit" className="btn btn--primary bk-danger" disabled={busy}>
            {s.refuseConfirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
