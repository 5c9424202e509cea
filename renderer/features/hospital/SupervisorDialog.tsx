/**
 * "Cần người giám sát": a read that is not verified is checked in only with a supervisor's override (the
 * core's dialog, renderer/src/components/SupervisorDialog.tsx; the service checks the PIN,
 * HOSPITAL_OVERRIDE_REFUSED otherwise).
 */
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import { SupervisorDialog as CoreSupervisorDialog, type Override } from '../../src/components/SupervisorDialog.js';
import { useUi } from '../../src/context.js';
import { hs } from './strings.js';

export type { Override };

export function SupervisorDialog({ api, busy, error, onSubmit, onClose }: { api: KioskClient; busy: boolean; error: ErrorInfo | null; onSubmit(o: Override): void; onClose(): void }) {
  const { lang } = useUi();
  const s = hs(lang);
  return <CoreSupervisorDialog api={api} busy={busy} error={error} title={s.supervisorTitle} lead={<p className="hosp-unverified-line">{s.notVerifiedSub}</p>} confirmLabel={s.confirm} onSubmit={onSubmit} onClose={onClose} />;
}
