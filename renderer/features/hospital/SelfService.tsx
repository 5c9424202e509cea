/**
 * Self-service (the kiosk setting mode 'self-service'): the patient taps the card, picks a department from big
 * buttons (the active ones, limited by the selfServiceDepartments setting) and gets the ticket, printed and
 * shown with its queue label; the screen clears after the result timeout like every result. No registry
 * differences and no search here: a verified chip's data is taken as the record (confirmChanges), and a
 * card that is not verified is sent to the reception desk.
 */
import { useState } from 'react';
import type { ErrorInfo } from '../../../electron/contract/types.js';
import type { CheckinResultView } from '../../../electron/service/workflows/hospital/contract.js';
import type { FeatureResultProps } from '../types.js';
import { useUi } from '../../src/context.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { hospitalClient } from './api.js';
import { useErrorText, useLoad } from './hooks.js';
import { selfServiceDepartments } from './logic.js';
import { hs } from './strings.js';
import { TicketPreview } from './Ticket.js';

export function SelfService({ result, secondsLeft, onDone, api }: FeatureResultProps) {
  const { lang, t, settings } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const h = hospitalClient(api);
  const conf = settings.workflows.hospital ?? {};
  const depts = useLoad(() => h.hospitalDepartments(), 'departments');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<CheckinResultView | null>(null);
  const verified = result.verdict === 'verified';

  const footer = (
    <div className="actions actions--spread">
      <p className="muted" aria-live="off">
        {t.clearsIn(secondsLeft)}
      </p>
      <button type="button" className="btn btn--primary" autoFocus={!verified || done !== null} onClick={onDone}>
        {t.done}
      </button>
    </div>
  );

  if (!verified || error) {
    return (
      <div className="screen screen--center hosp-self hosp-self--desk" data-step="go-to-desk">
        <div className="icon icon--warn" aria-hidden="true">
          !
        </div>
        <h1 className="title">{s.selfGoToDesk}</h1>
        <p className="lead">{error ? errText(error) : s.selfGoToDeskSub}</p>
        {footer}
      </div>
    );
  }

  if (done) {
    const name = depts.value?.find((d) => d.code === done.visit.department)?.name ?? done.visit.department;
    return (
      <div className="screen screen--center hosp-self" data-step="ticket">
        <h1 className="title title--small">{s.selfTicket}</h1>
        <TicketPreview visit={done.visit} departmentName={name} hospitalName={String(conf.hospitalName ?? '')} big />
        <p className="lead" role="status">
          {done.print.printed ? s.selfTake : s.selfNoPrint}
        </p>
        {footer}
      </div>
    );
  }

  const choices = selfServiceDepartments(depts.value ?? [], conf.selfServiceDepartments);
  const pick = (department: string): void => {
    setBusy(true);
    h.hospitalCheckin({ readerId: result.readerId, department, confirmChanges: true })
      .then(setDone)
      .catch((e: unknown) => setError(toErrorInfo(e)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="screen hosp-self" data-step="departments">
      <h1 className="title">{s.selfTitle}</h1>
      {result.identity.fullName && <p className="lead">{result.identity.fullName}</p>}
      {depts.error && <p className="problem">{errText(depts.error)}</p>}
      {depts.value && choices.length === 0 && <p className="problem">{s.noDepartments}</p>}
      <div className="hosp-self__grid" role="group" aria-label={s.department}>
        {choices.map((d, i) => (
          <button key={d.code} type="button" className="btn btn--secondary hosp-self__dept" disabled={busy} autoFocus={i === 0} onClick={() => pick(d.code)}>
            {d.name}
          </button>
        ))}
      </div>
      {footer}
    </div>
  );
}
