/**
 * The reception screen (assisted mode) after a read at a 'hospital' counter: the read's verdict band, the
 * photo and the identity, the insurance band (updated when the gateway's answer arrives as a `workflow`
 * event), "new patient" or the registry's differences to confirm, phone and department, then "Tạo lượt khám"
 * (or, for a read that is not verified, "Cần người giám sát") → the ticket with its print outcome and PDF.
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../electron/contract/types.js';
import type { CheckinResultView, InsuranceView } from '../../../electron/service/workflows/hospital/contract.js';
import type { FeatureResultProps } from '../types.js';
import { useUi } from '../../src/context.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { hospitalClient } from './api.js';
import { useErrorText, useEvents, useLoad } from './hooks.js';
import { eventReader, insuranceUpdate, latestInsurance, phoneOf } from './logic.js';
import { InsuranceBand, PatientFacts, Photo, RegistryDiffs, SelectField } from './parts.js';
import { hs } from './strings.js';
import { SupervisorDialog, type Override } from './SupervisorDialog.js';
import { TicketActions, TicketPreview, type PrintState } from './Ticket.js';

const PENDING_TRIES = 6;

export function Reception({ result, secondsLeft, onDone, api }: FeatureResultProps) {
  const { lang, t, settings } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const h = hospitalClient(api);
  const readerId = result.readerId;
  const pending = useLoad(() => h.hospitalPending({ readerId }), result.readId);
  const depts = useLoad(() => h.hospitalDepartments(), 'departments');
  const [eventIns, setEventIns] = useState<InsuranceView | null>(null);
  const [dept, setDept] = useState('');
  const [phone, setPhone] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<CheckinResultView | null>(null);
  const [print, setPrint] = useState<PrintState | undefined>(undefined);
  const [askSupervisor, setAskSupervisor] = useState(false);

  useEvents(api, (e) => {
    const ins = insuranceUpdate(e, done ? { visitId: done.visit.visitId } : { readerId });
    if (ins) setEventIns(ins);
    // The desk's news about this counter (its read recorded, …) while nothing is pending yet: ask again.
    if (!done && pending.value === null && eventReader(e) === readerId) pending.reload();
  });
  // The workflow's step records the read just after the result event: a first "nothing pending" is asked
  // again a few times before the screen says so.
  const tries = useRef(0);
  useEffect(() => {
    if (pending.loading || pending.value !== null || tries.current >= PENDING_TRIES) return;
    tries.current += 1;
    const t = window.setTimeout(pending.reload, 300 * tries.current);
    return () => window.clearTimeout(t);
  }, [pending.loading, pending.value, pending.reload]);

  const p = pending.value;
  const unverified = p ? p.verdict !== 'verified' : result.verdict !== 'verified';
  const insurance = latestInsurance(p?.insurance, done?.insurance, eventIns);
  const hospitalName = String(settings.workflows.hospital?.hospitalName ?? '');
  const active = (depts.value ?? []).filter((d) => d.active);
  const deptName = (code: string): string => depts.value?.find((d) => d.code === code)?.name ?? code;

  const checkin = (override?: Override): void => {
    const ph = phoneOf(phone);
    if (ph === null) return setNote(s.phoneBad);
    if (!dept) return setNote(s.pickDepartment);
    setNote('');
    setError(null);
    setBusy(true);
    h.hospitalCheckin({ readerId, department: dept, ...(confirmed ? { confirmChanges: true } : {}), ...(ph ? { phone: ph } : {}), ...(override ? { override } : {}) })
      .then((r) => {
        setDone(r);
        setPrint(r.print);
        setAskSupervisor(false);
      })
      .catch((e: unknown) => setError(toErrorInfo(e)))
      .finally(() => setBusy(false));
  };

  /** The gateway asked again for this visit (its answer also comes as an event). */
  const retryInsurance = (visitId: string): void => {
    setBusy(true);
    setError(null);
    h.hospitalRetryInsurance({ visitId })
      .then(setEventIns)
      .catch((e: unknown) => setError(toErrorInfo(e)))
      .finally(() => setBusy(false));
  };

  const band = (
    <div className="verdict" role="status">
      <span className="verdict__icon" aria-hidden="true">
        {unverified ? '✕' : '✓'}
      </span>
      <div>
        <h1 className="verdict__title">{unverified ? s.notVerified : s.verified}</h1>
        <p className="verdict__sub">{unverified ? s.notVerifiedSub : s.receptionTitle}</p>
      </div>
    </div>
  );
  const clears = (
    <p className="muted" aria-live="off">
      {t.clearsIn(secondsLeft)}
    </p>
  );

  if (done) {
    return (
      <div className={`screen result hosp ${unverified ? 'result--bad' : 'result--ok'}`} data-verdict={result.verdict} data-step="ticket">
        {band}
        <div className="hosp-done">
          <TicketPreview visit={done.visit} departmentName={deptName(done.visit.department)} hospitalName={hospitalName} />
          <div className="hosp-done__side">
            {insurance && <InsuranceBand insurance={insurance} />}
            {insurance && (insurance.status === 'error' || insurance.status === 'unchecked') && (
              <button type="button" className="btn btn--secondary hosp-retry" disabled={busy} onClick={() => retryInsurance(done.visit.visitId)}>
                {s.retryInsurance}
              </button>
            )}
            <TicketActions api={api} readerId={readerId} visitId={done.visit.visitId} print={print} onPrint={setPrint} />
            {error && (
              <p className="problem" role="alert">
                {errText(error)}
              </p>
            )}
          </div>
        </div>
        <div className="actions actions--spread">
          {clears}
          <button type="button" className="btn btn--primary" autoFocus onClick={onDone}>
            {s.nextPatient}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className={`screen result hosp ${unverified ? 'result--bad' : 'result--ok'}`} data-verdict={result.verdict} data-step="reception">
      {band}
      <div className="hosp-body">
        <Photo photo={result.photo} />
        <div className="hosp-main">
          {p ? <PatientFacts patient={p.patient} /> : <p className="lead">{pending.error ? errText(pending.error) : pending.loading || tries.current < PENDING_TRIES ? s.loadingPending : s.noPending}</p>}
        </div>
        {p && (
          <div className="hosp-diffs">
            <RegistryDiffs pending={p} confirmed={confirmed} onConfirm={setConfirmed} />
          </div>
        )}
        <div className="hosp-side">
          {/* An unverified read is looked up only once a supervisor lets it through. */}
          {insurance && <InsuranceBand insurance={insurance} {...(unverified && insurance.status === 'unchecked' ? { waiting: s.insuranceAfterOverride } : {})} />}
          {p && (
            <>
              <SelectField label={s.department} value={dept} autoFocus onChange={setDept}>
                  <option value="">{s.pickDepartment}</option>
                  {active.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.name}
                    </option>
                  ))}
              </SelectField>
              {depts.value && active.length === 0 && <p className="problem">{s.noDepartments}</p>}
              <label className="field">
                <span className="field__label">{s.phone}</span>
                <input className="field__input" type="tel" inputMode="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} />
              </label>
            </>
          )}
        </div>
      </div>
      <p className="problem" role="alert">
        {note || errText(error ?? depts.error)}
      </p>
      <div className="actions actions--spread">
        {clears}
        <div className="hosp-buttons">
          <button type="button" className="btn btn--secondary" onClick={onDone}>
            {t.cancel}
          </button>
          {p &&
            (unverified ? (
              <button type="button" className="btn btn--primary" onClick={() => (dept ? setAskSupervisor(true) : setNote(s.pickDepartment))}>
                {s.supervisorNeeded}
              </button>
            ) : (
              <button type="button" className="btn btn--primary" disabled={busy} onClick={() => checkin()}>
                {busy ? s.checkingIn : s.checkin}
              </button>
            ))}
        </div>
      </div>
      {askSupervisor && <SupervisorDialog api={api} busy={busy} error={error} onSubmit={(o) => checkin(o)} onClose={() => setAskSupervisor(false)} />}
    </div>
  );
}
