/**
 * Patient search (hospitalSearchPatients by a 12-digit ID, or name + date of birth) and, on the patient's
 * request, deleting a record (hospitalDeletePatient with a reason) behind a confirmation dialog — only
 * offered while a supervisor or admin is signed in at the counter (the service checks the role again).
 */
import { useState, type FormEvent } from 'react';
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import type { PatientView } from '../../../electron/service/workflows/hospital/contract.js';
import { Dialog } from '../../src/components/Dialog.js';
import { useUi } from '../../src/context.js';
import { useClearTimer } from '../../src/hooks.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { hospitalClient } from './api.js';
import { useErrorText } from './hooks.js';
import { isUnverified, searchParams, showDate } from './logic.js';
import { sexLabel } from './parts.js';
import { hs } from './strings.js';

export function PatientSearch({ api, readerId, canDelete, onClose }: { api: KioskClient; readerId: string; canDelete: boolean; onClose(): void }) {
  const { lang, t, settings } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const h = hospitalClient(api);
  const [q, setQ] = useState({ cccd: '', name: '', dob: '' });
  const [found, setFound] = useState<PatientView[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<PatientView | null>(null);
  useClearTimer(deleting === null, settings.clearAfterSec, null, onClose);

  const find = (e?: FormEvent): void => {
    e?.preventDefault();
    const params = searchParams(q);
    setError(null);
    if (!params) return setNote(s.searchHint);
    setNote('');
    setBusy(true);
    h.hospitalSearchPatients(params)
      .then(setFound, (x: unknown) => setError(toErrorInfo(x)))
      .finally(() => setBusy(false));
  };

  const deleted = (ok: boolean): void => {
    setDeleting(null);
    if (!ok) return;
    find();
    setNote(s.deleted);
  };
  if (deleting) return <DeleteDialog api={api} readerId={readerId} patient={deleting} onDone={deleted} />;

  return (
    <Dialog title={s.patients} onClose={onClose} closeLabel={t.close}>
      <form className="form hpat__form" onSubmit={find} noValidate>
        <div className="form__row">
          <label className="field field--inline">
            <span className="field__label">{s.byId}</span>
            <input className="field__input" inputMode="numeric" autoComplete="off" autoFocus maxLength={14} value={q.cccd} onChange={(e) => setQ({ ...q, cccd: e.target.value })} />
          </label>
          <label className="field field--inline">
            <span className="field__label">{s.byName}</span>
            <input className="field__input" autoComplete="off" maxLength={120} value={q.name} onChange={(e) => setQ({ ...q, name: e.target.value })} />
          </label>
          <label className="field field--inline">
            <span className="field__label">{s.byDob}</span>
            <input className="field__input" autoComplete="off" maxLength={10} value={q.dob} onChange={(e) => setQ({ ...q, dob: e.target.value })} />
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {s.find}
          </button>
        </div>
      </form>
      <p className="problem" role="alert">
        {errText(error)}
      </p>
      <p className="muted" role="status">
        {note}
      </p>
      {found && found.length === 0 && <p className="muted">{s.noPatients}</p>}
      {found?.map((p) => (
        <section key={p.cccd} className="hpat" aria-label={p.fullName}>
          <dl className="facts">
            <dt>{t.fullName}</dt>
            <dd className="hpat__name">{p.fullName}</dd>
            <dt>{t.idNumber}</dt>
            <dd>{p.cccd}</dd>
            <dt>{t.dateOfBirth}</dt>
            <dd>{showDate(p.dateOfBirth)}</dd>
            <dt>{t.sex}</dt>
            <dd>{sexLabel(p.sex, t)}</dd>
            <dt>{t.placeOfResidence}</dt>
            <dd>{p.address ?? '—'}</dd>
            <dt>{s.phone}</dt>
            <dd>{p.phone ?? '—'}</dd>
            <dt>{s.cardCode}</dt>
            <dd>{p.insuranceCode ?? '—'}</dd>
            <dt>{s.colInsurance}</dt>
            <dd>
              {s.source[p.source]}
              {isUnverified(p.source) && <span className="hbadge hbadge--bad">{s.unverifiedMark}</span>}
            </dd>
          </dl>
          {canDelete ? (
            <button type="button" className="btn btn--secondary" onClick={() => setDeleting(p)}>
              {s.deleteRecord}
            </button>
          ) : (
            <p className="muted">{s.deleteNeedsSupervisor}</p>
          )}
        </section>
      ))}
    </Dialog>
  );
}

function DeleteDialog({ api, readerId, patient, onDone }: { api: KioskClient; readerId: string; patient: PatientView; onDone(deleted: boolean): void }) {
  const { lang, t } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (reason.trim() === '') return;
    setBusy(true);
    hospitalClient(api)
      .hospitalDeletePatient({ readerId, cccd: patient.cccd, reason: reason.trim() })
      .then((r) => onDone(r.deleted), (x: unknown) => setError(toErrorInfo(x)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog title={s.deleteTitle} onClose={() => onDone(false)} closeLabel={t.cancel}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="lead">
          <strong>{patient.fullName}</strong> · {showDate(patient.dateOfBirth)}
        </p>
        <p className="problem">{s.deleteWarn}</p>
        <label className="field">
          <span className="field__label">{s.reason}</span>
          <input className="field__input" autoFocus maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <p className="problem" role="alert">
          {errText(error)}
        </p>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy || reason.trim() === ''}>
            {s.deleteConfirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
