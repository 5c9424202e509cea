/**
 * The hospital counter's header buttons: the operator chip (sign-in / sign-out), today's visits and the
 * patient search. In self-service mode the patient sees none of these; only a chip to sign the kiosk's
 * operator in remains while none is signed in.
 */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { FeatureHeaderProps } from '../types.js';
import { useUi } from '../../src/context.js';
import { useEvents, useOperators } from './hooks.js';
import { hs } from './strings.js';
import { operatorName, SignInDialog } from './SignIn.js';
import { VisitsPanel } from './Visits.js';
import { PatientSearch } from './Patients.js';

type Open = 'none' | 'signin' | 'visits' | 'patients';

export function HospitalHeader({ api, reader }: FeatureHeaderProps) {
  const { lang, settings } = useUi();
  const s = hs(lang);
  const [open, setOpen] = useState<Open>('none');
  const ops = useOperators(api);
  // A sign-in elsewhere changes the reader (readerChanged): the list is re-read for the new name.
  useEvents(api, (e) => {
    if (e.type === 'readerChanged' && e.reader.id === reader.id && e.reader.operator && !ops.value?.some((o) => o.id === e.reader.operator)) ops.reload();
  });
  const name = operatorName(ops.value, reader.operator);
  const role = ops.value?.find((o) => o.id === reader.operator)?.role;
  const self = settings.mode === 'self-service';
  const close = (): void => setOpen('none');
  return (
    <>
      {!self && (
        <>
          <button type="button" className="btn btn--ghost" onClick={() => setOpen('visits')} title={s.visits}>
            {s.visitsShort}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setOpen('patients')}>
            {s.patients}
          </button>
        </>
      )}
      {(!self || !name) && (
        <button type="button" className="btn btn--ghost hosp-chip" title={name ?? s.noOperator} onClick={() => setOpen('signin')} data-operator={reader.operator ?? ''}>
          {name ? s.operatorChip(name) : s.signIn}
        </button>
      )}
      {open === 'signin' &&
        createPortal(
        <SignInDialog
          api={api}
          reader={reader}
          operators={ops.value}
          loadError={ops.error}
          onClose={() => {
            close();
            ops.reload();
          }}
        />,
        document.body,
      )}
      {/* In the body, not in the header: the header's colours and layout are not the dialog's. */}
      {open === 'visits' && createPortal(<VisitsPanel api={api} readerId={reader.id} onClose={close} />, document.body)}
      {open === 'patients' && createPortal(<PatientSearch api={api} readerId={reader.id} canDelete={role === 'supervisor' || role === 'admin'} onClose={close} />, document.body)}
    </>
  );
}
