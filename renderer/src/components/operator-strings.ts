/** The operator dialogs' words (sign-in at a counter, a supervisor's override), Vietnamese first. */
import type { Lang } from '../i18n/strings.js';

const vi = {
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  signInTitle: 'Nhân viên đăng nhập quầy',
  operator: 'Nhân viên',
  pickOperator: 'Chọn tên của bạn',
  pin: 'Mã PIN',
  noOperator: 'Chưa đăng nhập',
  roles: { reception: 'Tiếp đón', supervisor: 'Giám sát', admin: 'Quản trị' } as Record<string, string>,
  supervisor: 'Người giám sát',
  pickSupervisor: 'Chọn người giám sát',
  noSupervisors: 'Chưa có người giám sát nào. Nhờ quản trị thêm người giám sát.',
  supervisorPin: 'Mã PIN của người giám sát',
  reason: 'Lý do (bắt buộc)',
  overrideIncomplete: 'Chọn người giám sát, nhập mã PIN (4–12 chữ số) và lý do.',
};
export type OperatorStrings = typeof vi;
const en: OperatorStrings = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInTitle: 'Operator sign-in',
  operator: 'Operator',
  pickOperator: 'Pick your name',
  pin: 'PIN',
  noOperator: 'Not signed in',
  roles: { reception: 'Reception', supervisor: 'Supervisor', admin: 'Admin' },
  supervisor: 'Supervisor',
  pickSupervisor: 'Pick the supervisor',
  noSupervisors: 'No supervisor yet. Ask an admin to add one.',
  supervisorPin: 'Supervisor PIN',
  reason: 'Reason (required)',
  overrideIncomplete: 'Pick the supervisor, enter their PIN (4–12 digits) and a reason.',
};
export const ops = (lang: Lang): OperatorStrings => (lang === 'vi' ? vi : en);
