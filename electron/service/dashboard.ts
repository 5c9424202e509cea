/**
 * The managers' dashboard on the kiosk: a supervisor or an admin opens it with their own operator PIN (a
 * receptionist or teller is refused), gets a short session, and asks for a period's figures and its export
 * (CSV, PDF). The figures are the kiosk's own fleet outbox (storage/fleet.ts) through the same SQL as the
 * central view; operators are shown by name here, because the one asking is a supervisor of this kiosk.
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { CodedError, type Catalogue } from '../emrtd/errors.js';
import { DashboardQuerySchema, MAX_PERIOD_MS, type Dashboard, type DashboardQuery, type ExportFormat } from '../contract/dashboard.js';
import { dashboardCsv, exportFileName } from '../fleet/export.js';
import { dashboardPdf } from './dashboard-pdf.js';
import { listOperators, verifyOperatorPin, type AdminPinCheck } from './operators.js';
import { appendAudit, kioskId, localDashboard, type Storage } from './storage/index.js';

export type DashboardErrorCode = 'DASHBOARD_FORBIDDEN' | 'DASHBOARD_SESSION_INVALID' | 'DASHBOARD_PERIOD_INVALID';

export const DASHBOARD_ERRORS: Catalogue<DashboardErrorCode> = {
  DASHBOARD_FORBIDDEN: {
    vi: 'Chỉ người giám sát hoặc quản trị được xem bảng điều khiển. Nhờ người giám sát đăng nhập.',
    en: 'Only a supervisor or an admin may open the dashboard. Ask a supervisor to sign in.',
  },
  DASHBOARD_SESSION_INVALID: {
    vi: 'Phiên xem bảng điều khiển đã hết hạn. Đăng nhập lại bằng mã PIN của người giám sát.',
    en: 'The dashboard session has expired. Sign in again with a supervisor PIN.',
  },
  DASHBOARD_PERIOD_INVALID: {
    vi: 'Khoảng thời gian không hợp lệ (điểm đầu phải trước điểm cuối, tối đa một năm). Chọn lại khoảng thời gian.',
    en: 'The period is not valid (the start must come before the end, at most a year). Pick the period again.',
  },
};

export class DashboardError extends CodedError<DashboardErrorCode> {
  constructor(code: DashboardErrorCode, detail: string) {
    super(code, DASHBOARD_ERRORS[code], detail);
    this.name = 'DashboardError';
  }
}

/** A session lasts this long from the PIN (a manager's look at the figures, not a shift). */
export const DASHBOARD_SESSION_MS = 15 * 60_000;

interface Session {
  operatorId: string;
  expiresMs: number;
}

export interface DashboardUnlock {
  session: string;
  expiresAt: string;
  operator: { id: string; name: string; role: 'supervisor' | 'admin' };
}

/** Checks a query against the contract's schema and the longest period. */
export function checkPeriod(q: unknown): DashboardQuery {
  const r = v.safeParse(DashboardQuerySchema, q);
  if (!r.success) throw new DashboardError('DASHBOARD_PERIOD_INVALID', 'malformed period');
  const p = r.output;
  if (p.toMs <= p.fromMs || p.toMs - p.fromMs > MAX_PERIOD_MS) throw new DashboardError('DASHBOARD_PERIOD_INVALID', 'period out of range');
  return p;
}

export class DashboardDesk {
  private readonly sessions = new Map<string, Session>();
  constructor(
    private readonly storage: Storage,
    private readonly admin: AdminPinCheck,
    private readonly opts: { now?: () => number; kioskName?: string | null } = {},
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  async unlock(operatorId: string, pin: string): Promise<DashboardUnlock> {
    const op = await verifyOperatorPin(this.storage, operatorId, pin, this.admin);
    if (op.role !== 'supervisor' && op.role !== 'admin') {
      appendAudit(this.storage.write, { actor: `operator:${op.id}`, action: 'dashboard.refused', details: { operator: op.id, role: op.role } });
      throw new DashboardError('DASHBOARD_FORBIDDEN', 'not a supervisor or admin');
    }
    const now = this.now();
    for (const [k, s] of this.sessions) if (s.expiresMs <= now) this.sessions.delete(k);
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(session, { operatorId: op.id, expiresMs: now + DASHBOARD_SESSION_MS });
    appendAudit(this.storage.write, { actor: `operator:${op.id}`, action: 'dashboard.opened', details: { operator: op.id, role: op.role } });
    return { session, expiresAt: new Date(now + DASHBOARD_SESSION_MS).toISOString(), operator: { id: op.id, name: op.name, role: op.role } };
  }

  private session(token: string): Session {
    const s = typeof token === 'string' ? this.sessions.get(token) : undefined;
    if (!s || s.expiresMs <= this.now()) {
      if (s) this.sessions.delete(token);
      throw new DashboardError('DASHBOARD_SESSION_INVALID', 'no such dashboard session');
    }
    return s;
  }

  async query(token: string, q: unknown): Promise<Dashboard> {
    this.session(token);
    const p = checkPeriod(q);
    const names = new Map(listOperators(this.storage).map((o) => [o.id, o.name]));
    return localDashboard(this.storage.read, p, {
      kioskId: kioskId(this.storage.write),
      kioskName: this.opts.kioskName ?? null,
      operatorName: (id) => names.get(id) ?? null,
      now: () => this.now(),
    });
  }

  async export(token: string, q: unknown, format: ExportFormat): Promise<{ fileName: string; mime: string; base64: string }> {
    const s = this.session(token);
    const d = await this.query(token, q);
    appendAudit(this.storage.write, { actor: `operator:${s.operatorId}`, action: 'dashboard.exported', details: { operator: s.operatorId, format, fromMs: d.query.fromMs, toMs: d.query.toMs } });
    if (format === 'csv') return { fileName: exportFileName(d, 'csv'), mime: 'text/csv; charset=utf-8', base64: Buffer.from(dashboardCsv(d), 'utf8').toString('base64') };
    return { fileName: exportFileName(d, 'pdf'), mime: 'application/pdf', base64: Buffer.from(await dashboardPdf(d)).toString('base64') };
  }
}
