/**
 * Today's visits: a tab per department (and "all"), a search box (name or last ID digits, the service
 * matches), each row's queue label, time, initials and name, insurance badge, unverified badge, Reprint and
 * PDF. Reloads on every hospital event (a check-in elsewhere, a late insurance answer). Personal data: the
 * panel closes itself after the kiosk's clear-after time without activity, like the result screen.
 */
import { useState } from 'react';
import type { KioskClient } from '../../../electron/contract/types.js';
import { Dialog } from '../../src/components/Dialog.js';
import { useUi } from '../../src/context.js';
import { useClearTimer } from '../../src/hooks.js';
import { hospitalClient } from './api.js';
import { useErrorText, useEvents, useLoad } from './hooks.js';
import { initials, insuranceTone, isHospitalEvent, isUnverified, showTime } from './logic.js';
import { hs } from './strings.js';
import { TicketActions } from './Ticket.js';

export function VisitsPanel({ api, readerId, onClose }: { api: KioskClient; readerId: string; onClose(): void }) {
  const { lang, t, settings } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const h = hospitalClient(api);
  const [department, setDepartment] = useState('');
  const [query, setQuery] = useState('');
  const depts = useLoad(() => h.hospitalDepartments(), 'departments');
  const q = query.trim();
  const visits = useLoad(() => h.hospitalVisits({ ...(department ? { department } : {}), ...(q ? { query: q.slice(0, 60) } : {}) }), `${department}|${q}`);
  useEvents(api, (e) => isHospitalEvent(e) && visits.reload());
  useClearTimer(true, settings.clearAfterSec, null, onClose);
  const deptName = (code: string): string => depts.value?.find((d) => d.code === code)?.name ?? code;
  const tabs = [{ code: '', name: s.allDepartments }, ...(depts.value ?? [])];
  return (
    <Dialog title={s.visits} onClose={onClose} closeLabel={t.close}>
      <div className="segmented hvis__tabs" role="group" aria-label={s.department}>
        {tabs.map((d) => (
          <button key={d.code || 'all'} type="button" className={`segmented__btn ${department === d.code ? 'segmented__btn--on' : ''}`} aria-pressed={department === d.code} onClick={() => setDepartment(d.code)}>
            {d.name}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field__label">{s.search}</span>
        <input className="field__input" type="search" autoFocus autoComplete="off" maxLength={60} value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {visits.error && (
        <p className="problem" role="alert">
          {errText(visits.error)}
        </p>
      )}
      {visits.value && visits.value.length === 0 && <p className="muted">{s.noVisits}</p>}
      {visits.value && visits.value.length > 0 && (
        <table className="history hvis">
          <thead>
            <tr>
              <th scope="col">{s.colQueue}</th>
              <th scope="col">{s.colTime}</th>
              <th scope="col">{s.colPatient}</th>
              <th scope="col">{s.colInsurance}</th>
              <th scope="col">{s.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {visits.value.map(({ visit, patient }) => (
              <tr key={visit.visitId} data-visit={visit.visitId}>
                <td className="hvis__queue">
                  {visit.queueLabel}
                  <span className="hvis__dept">{deptName(visit.department)}</span>
                </td>
                <td>{showTime(visit.createdAt)}</td>
                <td>
                  <span className="hvis__initials" aria-hidden="true">
                    {initials(patient.fullName)}
                  </span>{' '}
                  {patient.fullName} <span className="muted">··{patient.cccdLast4}</span>
                </td>
                <td>
                  <span className={`hbadge hbadge--${insuranceTone(visit.insurance.status)}`}>{s.insurance[visit.insurance.status]}</span>
                  {isUnverified(visit.identitySource) && <span className="hbadge hbadge--bad">{s.unverifiedMark}</span>}
                </td>
                <td>
                  <TicketActions api={api} readerId={readerId} visitId={visit.visitId} onPrint={() => visits.reload()} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
