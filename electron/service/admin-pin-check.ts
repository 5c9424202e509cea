/** The admin PIN as the admin operator's PIN check (operators.ts): the admin guard's lockout and audit, no session opened. */
import type { AdminGuard } from './admin.js';
import type { AdminPinCheck } from './operators.js';

export function adminPinCheck(admin: AdminGuard, actor = 'operator:op_00000000'): AdminPinCheck {
  return { check: (pin) => admin.checkPin(pin, actor) };
}
