/**
 * The hospital feature's view of the service: its own methods (typed from the workflow's contract, the client
 * already has them since API_METHODS merges every workflow's table) and the core's operator methods.
 * listOperators / signIn / signOut are the lead's core methods; until a service has them the calls answer a
 * coded error saying so, rather than failing with "not a function".
 */
import type { ClientOf } from '../../../electron/contract/methods.js';
import type { ErrorInfo, KioskClient, ReaderView } from '../../../electron/contract/types.js';
import { workflow } from '../../../electron/service/workflows/hospital/contract.js';
import { ApiError } from '../../src/transport/ws.js';

export type HospitalClient = ClientOf<typeof workflow.methods>;

export type Role = 'reception' | 'supervisor' | 'admin';
/** An operator as listOperators answers it (never the full CCCD number). */
export interface OperatorView {
  id: string;
  name: string;
  role: Role;
  cccdLast4: string;
  active: boolean;
}

export interface OperatorsClient {
  listOperators(): Promise<OperatorView[]>;
  signIn(p: { readerId: string; operatorId: string; pin: string }): Promise<ReaderView>;
  signOut(p: { readerId: string }): Promise<ReaderView>;
}

/** The hospital methods of the client (the same object: only the type is widened). */
export const hospitalClient = (api: KioskClient): HospitalClient => api as unknown as HospitalClient;

const MISSING: ErrorInfo = {
  code: 'UNSUPPORTED',
  message: 'This service has no operator sign-in yet. Update the kiosk service, or set the operator in Settings → readers.',
  messageVi: 'Dịch vụ này chưa có chức năng đăng nhập nhân viên. Hãy cập nhật dịch vụ kiosk, hoặc đặt nhân viên trong Cài đặt → đầu đọc.',
};

export function operatorsClient(api: KioskClient): OperatorsClient {
  const loose = api as unknown as Partial<Record<keyof OperatorsClient, (p?: object) => Promise<unknown>>>;
  const call = <T>(name: keyof OperatorsClient, p?: object): Promise<T> => {
    const f = loose[name];
    return typeof f === 'function' ? (f(p) as Promise<T>) : Promise.reject(new ApiError(MISSING));
  };
  return {
    listOperators: () => call('listOperators'),
    signIn: (p) => call('signIn', p),
    signOut: (p) => call('signOut', p),
  };
}

export { workflow };
