/**
 * The hospital methods of the API (contract.ts), each a call of the desk or the registry. Params arrive
 * validated against the contract; the operator is always the one signed in at the counter (readerId), never
 * one a caller names, and a supervisor's action needs the supervisor's own PIN (the override).
 */
import type { WorkflowHandler } from '../types.js';
import type { HospitalDesk, CheckinRequest, ManualCheckinRequest } from './desk.js';
import { localDay } from './desk.js';
import * as store from './store/index.js';
import type { Department } from './types.js';

type Params = Readonly<Record<string, unknown>>;
const str = (p: Params, k: string): string => p[k] as string;
const opt = (p: Params, k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);

export function hospitalHandlers(desk: HospitalDesk): Record<string, WorkflowHandler> {
  const s = (): Parameters<typeof store.getPatient>[0] => desk.storage;
  return {
    hospitalDepartments: async () => store.listDepartments(s()),
    hospitalSaveDepartment: async (p) => {
      const op = desk.operatorAt(str(p, 'readerId'));
      desk.requireRole(op, 'supervisor');
      const saved = store.saveDepartment(s(), p.department as Department, op.id);
      desk.emit({ name: 'departments', data: { departments: store.listDepartments(s()) } });
      return saved;
    },
    hospitalPending: async (p) => desk.pending(str(p, 'readerId')),
    hospitalCheckin: async (p) => desk.checkIn(p as unknown as CheckinRequest),
    hospitalManualCheckin: async (p) => desk.manualCheckIn(p as unknown as ManualCheckinRequest),
    hospitalVisits: async (p) => {
      const q = opt(p, 'query');
      const dept = opt(p, 'department');
      return store.listVisits(s(), { day: opt(p, 'day') ?? localDay(Date.now()), ...(dept ? { department: dept } : {}), ...(q ? { query: q } : {}) });
    },
    hospitalReprint: async (p) => {
      desk.operatorAt(str(p, 'readerId'));
      return desk.reprint(str(p, 'visitId'));
    },
    hospitalTicketPdf: async (p) => desk.pdf(str(p, 'visitId')),
    hospitalSearchPatients: async (p) => {
      const q: { cccd?: string; name?: string; dateOfBirth?: string } = {};
      for (const k of ['cccd', 'name', 'dateOfBirth'] as const) {
        const v = opt(p, k);
        if (v !== undefined) q[k] = v;
      }
      return store.searchPatients(s(), q);
    },
    hospitalDeletePatient: async (p) => {
      const op = desk.operatorAt(str(p, 'readerId'));
      desk.requireRole(op, 'supervisor');
      return { deleted: store.deletePatient(s(), str(p, 'cccd'), op.id, str(p, 'reason')) };
    },
    hospitalFhir: async (p) => desk.fhir(str(p, 'visitId')),
    hospitalRetryInsurance: async (p) => desk.retryNow(str(p, 'visitId')),
    hospitalSetGatewayPassword: async (p) => {
      desk.requireAdmin(str(p, 'session'));
      desk.setGatewayPassword(str(p, 'password'));
      return { set: str(p, 'password') !== '' };
    },
    hospitalStatus: async () => desk.status(),
  };
}
