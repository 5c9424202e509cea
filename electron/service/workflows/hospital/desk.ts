/**
 * The reception desk: what happens between a tapped card and a printed ticket. A read is held per counter
 * (held.ts) and its insurance looked up at once (insurance.ts), so the answer is usually there before the
 * receptionist has picked a department. A check-in then records the patient (registry: store/), takes the
 * department's next queue number and makes the visit in one transaction, queues an unanswered lookup for
 * the job runner, puts the visit's FHIR bundle in the HIS outbox (his/) before answering, and prints the
 * ticket (ticket/). A printer or gateway that fails never undoes a check-in: the visit is kept and the
 * answer says what failed.
 *
 * Used by the service (handlers.ts, through the workflow's context) and by `chipid checkin` alike.
 */
import type { Bundle } from 'fhir/r4';
import type { FinishedRead, JobContext } from '../types.js';
import { HospitalError } from './errors.js';
import { HeldReads, patientFromRead, type Held } from './held.js';
import { Insurance, retryDelayMs } from './insurance.js';
import { hospitalConfig, type HospitalConfig } from './settings.js';
import { uncheckedResult } from './bhyt/codes.js';
import { visitBundle } from './his/fhir.js';
import { encodeEscPos } from './ticket/escpos.js';
import { ticketData } from './ticket/layout.js';
import { ticketPdf } from './ticket/pdf.js';
import { parsePrinterUrl, printBytes } from './ticket/printer.js';
import * as store from './store/index.js';
import type { CheckinResultView, HospitalStatusView, PendingView } from './contract.js';
import { gatewayPasswordSet, setGatewayPassword } from './secret.js';
import type { Department, IdentitySource, InsuranceResult, OperatorRef, Patient, PatientInput, Role, Visit } from './types.js';
import { CodedError } from '../../../emrtd/errors.js';

export interface CheckinRequest {
  readerId: string;
  department: string;
  confirmChanges?: boolean;
  phone?: string;
  override?: { supervisorId: string; pin: string; reason: string };
}

export interface ManualCheckinRequest {
  readerId: string;
  source: 'qr' | 'typed';
  identity: { cccd: string; fullName: string; dateOfBirth: string; sex?: 'M' | 'F' | 'X'; address?: string };
  department: string;
  phone?: string;
  override: { supervisorId: string; pin: string; reason: string };
}

const ROLE_RANK: Record<Role, number> = { reception: 0, supervisor: 1, admin: 2 };

/** The local day (Vietnam time) a moment belongs to: queue numbers restart each day. */
export function localDay(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
}

export class HospitalDesk {
  readonly held: HeldReads;
  readonly insurance: Insurance;
  /** How long the last ticket took to encode and send (for the benchmark). */
  lastPrintMs = 0;

  constructor(
    private readonly ctx: JobContext,
    private readonly now: () => number = Date.now,
  ) {
    this.held = new HeldReads(now);
    this.insurance = new Insurance(ctx.storage, ctx.env ?? {});
  }

  get storage(): JobContext['storage'] {
    return this.ctx.storage;
  }

  emit(e: { name: string; readerId?: string; data: Record<string, unknown> }): void {
    this.ctx.emit?.(e);
  }

  requireAdmin(session: string): void {
    if (!this.ctx.requireAdmin) throw new HospitalError('HOSPITAL_ROLE_REQUIRED', 'no admin check available');
    this.ctx.requireAdmin(session);
  }

  setGatewayPassword(password: string): void {
    setGatewayPassword(this.ctx.storage, password, 'operator');
  }

  /** What the settings screen and the support page show: configured or not, and the queues' state. No personal data. */
  status(): HospitalStatusView {
    const cfg = this.config();
    const s = this.ctx.storage;
    return {
      gatewayConfigured: this.insurance.configured(cfg),
      gatewayPasswordSet: gatewayPasswordSet(s),
      printer: parsePrinterUrl(cfg.printer).kind,
      hisWebhook: cfg.hisWebhookUrl !== undefined,
      outbox: store.outboxStatus(s),
      departments: store.listDepartments(s).filter((d) => d.active).length,
    };
  }

  config(): HospitalConfig {
    return hospitalConfig(this.ctx.settings?.() ?? {}, this.ctx.env ?? {});
  }

  // ---- operators ----

  /** The operator signed in at the counter, or HOSPITAL_NO_OPERATOR. */
  operatorAt(readerId: string): OperatorRef {
    const id = this.ctx.counter?.(readerId)?.operator;
    const op = id !== undefined ? this.ctx.operator?.(id) : undefined;
    if (!op || !op.active) throw new HospitalError('HOSPITAL_NO_OPERATOR', 'no active operator signed in at the counter');
    return { id: op.id, name: op.name, cccd: op.cccd, role: op.role };
  }

  requireRole(op: OperatorRef, role: Role): void {
    if (ROLE_RANK[op.role] < ROLE_RANK[role]) throw new HospitalError('HOSPITAL_ROLE_REQUIRED', `role ${op.role} below ${role}`);
  }

  private async supervisor(o: { supervisorId: string; pin: string }): Promise<OperatorRef> {
    if (!this.ctx.verifyOperator) throw new HospitalError('HOSPITAL_OVERRIDE_REFUSED', 'no operator check available');
    let op: OperatorRef;
    try {
      op = await this.ctx.verifyOperator(o.supervisorId, o.pin);
    } catch (e) {
      throw new HospitalError('HOSPITAL_OVERRIDE_REFUSED', 'supervisor PIN refused', { cause: e });
    }
    if (ROLE_RANK[op.role] < ROLE_RANK.supervisor) throw new HospitalError('HOSPITAL_OVERRIDE_REFUSED', 'override by a non-supervisor');
    return op;
  }

  // ---- reads ----

  /** The workflow's onRead step: holds the read for the counter and starts its insurance lookup. */
  holdRead(read: FinishedRead): void {
    const input = patientFromRead(read);
    if (!input) return;
    const h: Held = {
      readerId: read.readerId,
      verdict: read.output.verdict,
      source: input.source,
      input,
      readAt: this.now(),
      insurance: uncheckedResult(null, new Date(this.now()).toISOString()),
    };
    this.held.put(h);
    // A read that is not verified is looked up only if a supervisor lets it through (at the check-in).
    if (h.source === 'chip') this.startLookup(h);
  }

  private startLookup(h: Held): void {
    let op: OperatorRef | undefined;
    try {
      op = this.operatorAt(h.readerId);
    } catch {
      op = undefined;
    }
    h.lookup = this.insurance.lookup(this.config(), h.input, op).then((o) => {
      h.insurance = o.result;
      h.retry = o.retry;
      h.lookup = undefined;
      if (h.visitId !== undefined) this.visitInsurance(h.visitId, o.result, o.retry);
      this.ctx.emit?.({ name: 'insurance', readerId: h.readerId, data: { ...(h.visitId ? { visitId: h.visitId } : {}), insurance: o.result } });
    });
  }

  pending(readerId: string): PendingView | null {
    const h = this.held.get(readerId);
    if (!h) return null;
    const stored = store.getPatient(this.ctx.storage, h.input.cccd);
    return {
      readerId,
      verdict: h.verdict,
      identitySource: h.source,
      patient: { cccd: h.input.cccd, cmnd: h.input.cmnd, fullName: h.input.fullName, dateOfBirth: h.input.dateOfBirth, sex: h.input.sex, address: h.input.address },
      newPatient: stored === undefined,
      diffs: stored ? store.diffPatient(stored, h.input) : [],
      insurance: h.insurance,
      readAt: new Date(h.readAt).toISOString(),
    };
  }

  /** Waits for the read's lookup (the command line, which has no screen to update), at most `ms`. */
  async settle(readerId: string, ms: number): Promise<void> {
    const p = this.held.raw(readerId)?.lookup;
    if (p) await Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())]);
  }

  // ---- check-in ----

  async checkIn(req: CheckinRequest): Promise<CheckinResultView> {
    const op = this.operatorAt(req.readerId);
    const h = this.held.get(req.readerId);
    if (!h) throw new HospitalError('HOSPITAL_NO_READ', 'no held read at the counter');
    const dept = this.department(req.department);
    let override: Visit['override'] = null;
    if (h.source !== 'chip') {
      if (!req.override) throw new HospitalError('HOSPITAL_NOT_VERIFIED', 'unverified read without override');
      const sup = await this.supervisor(req.override);
      override = { supervisorId: sup.id, reason: req.override.reason };
    }
    const stored = store.getPatient(this.ctx.storage, h.input.cccd);
    if (stored && store.diffPatient(stored, h.input).length > 0 && !req.confirmChanges) {
      throw new HospitalError('HOSPITAL_CHANGES_UNCONFIRMED', 'registry differences not confirmed');
    }
    // An unverified read was not looked up at read time: look it up now that a supervisor let it through.
    if (h.source !== 'chip' && !h.lookup && h.insurance.code === null) this.startLookup(h);
    const used = h.insurance;
    const r = await this.record(h.input, used, h.source, override, dept, op, req.readerId, req.phone, h.lookup !== undefined);
    h.visitId = r.visit.visitId;
    // The read's lookup answered while the visit was being made: the visit gets the answer now.
    if (h.lookup === undefined && h.insurance !== used) this.visitInsurance(h.visitId, h.insurance, h.retry ?? false);
    if (h.lookup === undefined) this.held.drop(req.readerId, h);
    return { ...r, verdict: h.verdict };
  }

  async manualCheckIn(req: ManualCheckinRequest): Promise<CheckinResultView> {
    const op = this.operatorAt(req.readerId);
    const dept = this.department(req.department);
    const sup = await this.supervisor(req.override);
    const input: PatientInput = {
      cccd: req.identity.cccd,
      cmnd: null,
      fullName: req.identity.fullName,
      dateOfBirth: req.identity.dateOfBirth,
      sex: req.identity.sex ?? null,
      address: req.identity.address ?? null,
      source: req.source,
    };
    const looked = await this.insurance.lookup(this.config(), input, op);
    const r = await this.record(input, looked.result, req.source, { supervisorId: sup.id, reason: req.override.reason }, dept, op, req.readerId, req.phone, looked.retry);
    return { ...r, verdict: 'unverified' };
  }

  private department(code: string): Department {
    const d = store.getDepartment(this.ctx.storage, code);
    if (!d || !d.active) throw new HospitalError('HOSPITAL_UNKNOWN_DEPARTMENT', 'unknown or inactive department');
    return d;
  }

  private async record(
    input: PatientInput,
    insurance: InsuranceResult,
    source: IdentitySource,
    override: Visit['override'],
    dept: Department,
    op: OperatorRef,
    readerId: string,
    phone: string | undefined,
    lookupPending: boolean,
  ): Promise<Omit<CheckinResultView, 'verdict'>> {
    const s = this.ctx.storage;
    const cfg = this.config();
    const { patient } = store.upsertPatient(s, { ...input, source }, op.id);
    if (phone !== undefined || insurance.cardCode) {
      store.setPatientContact(s, patient.cccd, { ...(phone !== undefined ? { phone } : {}), ...(insurance.cardCode ? { insuranceCode: insurance.cardCode } : {}) }, op.id);
    }
    const visit = store.createVisit(s, {
      patientCccd: patient.cccd,
      department: dept.code,
      day: localDay(this.now()),
      operatorId: op.id,
      counter: this.ctx.counter?.(readerId)?.counter ?? null,
      identitySource: source,
      override,
      insurance,
    });
    // Not answered yet, and not about to be by the read's own lookup: the job runner asks again.
    if (insurance.status === 'unchecked' && !lookupPending && this.insurance.configured(cfg)) store.queueLookup(s, visit.visitId, this.now() + retryDelayMs(0));
    const fresh = store.getPatient(s, patient.cccd) ?? patient;
    const fhir = this.bundle(fresh, visit, dept, cfg);
    if (cfg.hisWebhookUrl) store.enqueueOutbox(s, visit.visitId, visit.visitId, JSON.stringify(fhir));
    const print = await this.print(visit, fresh, dept, cfg);
    this.ctx.emit?.({ name: 'checkin', readerId, data: { visitId: visit.visitId, department: dept.code, queueLabel: visit.queueLabel, fhir } });
    return { patient: fresh, visit: store.getVisit(s, visit.visitId) ?? visit, insurance, fhir, print };
  }

  private bundle(p: Patient, v: Visit, dept: Department, cfg: HospitalConfig): CheckinResultView['fhir'] {
    const b: Bundle = visitBundle(p, v, dept, { name: cfg.hospitalName, ...(cfg.hospitalCode ? { code: cfg.hospitalCode } : {}) });
    return b as unknown as CheckinResultView['fhir'];
  }

  /** A later insurance answer for a visit: stored, the HIS told (a new delivery key), the screens told. */
  visitInsurance(visitId: string, ins: InsuranceResult, retry: boolean): void {
    const s = this.ctx.storage;
    const v = store.getVisit(s, visitId);
    if (!v) return;
    store.setVisitInsurance(s, visitId, ins);
    if (retry) store.queueLookup(s, visitId, this.now() + retryDelayMs(0));
    else store.lookupDone(s, visitId);
    if (ins.cardCode) store.setPatientContact(s, v.patientCccd, { insuranceCode: ins.cardCode }, 'system');
    const cfg = this.config();
    const p = store.getPatient(s, v.patientCccd);
    const dept = store.getDepartment(s, v.department);
    if (cfg.hisWebhookUrl && p && dept && ins.status !== 'unchecked') {
      const updated = store.getVisit(s, visitId) ?? v;
      store.enqueueOutbox(s, `${visitId}.coverage.${ins.checkedAt}`, visitId, JSON.stringify(this.bundle(p, updated, dept, cfg)));
    }
  }

  // ---- the retry job ----

  /** Asks the gateway again for every due lookup (the job 'insurance.retry', and `chipid jobs run`). */
  async retryDue(limit = 20): Promise<{ answered: number; failed: number }> {
    const s = this.ctx.storage;
    const cfg = this.config();
    let answered = 0;
    let failed = 0;
    for (const due of store.dueLookups(s, this.now(), limit)) {
      const v = store.getVisit(s, due.visitId);
      const p = v ? store.getPatient(s, v.patientCccd) : undefined;
      const opRec = v ? this.ctx.operator?.(v.operatorId) : undefined;
      if (!v || !p) {
        store.lookupDone(s, due.visitId);
        continue;
      }
      const op = opRec ? { id: opRec.id, name: opRec.name, cccd: opRec.cccd, role: opRec.role } : undefined;
      const o = await this.insurance.lookup(cfg, p, op);
      if (o.retry) {
        store.lookupFailed(s, due.visitId, this.now() + retryDelayMs(due.attempts + 1), o.errorCode ?? 'HOSPITAL_GATEWAY_UNREACHABLE');
        failed++;
        continue;
      }
      this.visitInsurance(due.visitId, o.result, false);
      this.ctx.emit?.({ name: 'insurance', data: { visitId: due.visitId, insurance: o.result } });
      answered++;
    }
    return { answered, failed };
  }

  async retryNow(visitId: string): Promise<InsuranceResult> {
    const s = this.ctx.storage;
    const v = store.getVisit(s, visitId);
    if (!v) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'no such visit');
    const p = store.getPatient(s, v.patientCccd);
    if (!p) throw new HospitalError('HOSPITAL_UNKNOWN_PATIENT', 'the visit has no patient record');
    const rec = this.ctx.operator?.(v.operatorId);
    const o = await this.insurance.lookup(this.config(), p, rec ? { id: rec.id, name: rec.name, cccd: rec.cccd, role: rec.role } : undefined);
    this.visitInsurance(visitId, o.result, o.retry);
    this.ctx.emit?.({ name: 'insurance', data: { visitId, insurance: o.result } });
    return o.result;
  }

  // ---- tickets ----

  private ticket(v: Visit, p: Pick<Patient, 'fullName' | 'dateOfBirth'>, dept: Department, cfg: HospitalConfig) {
    return ticketData(v, p, dept, { hospitalName: cfg.hospitalName, fields: cfg.ticketFields, paperWidth: cfg.paperWidth });
  }

  private async print(v: Visit, p: Pick<Patient, 'fullName' | 'dateOfBirth'>, dept: Department, cfg: HospitalConfig): Promise<{ printed: boolean; errorCode?: string }> {
    const s = this.ctx.storage;
    const t0 = performance.now();
    try {
      const target = parsePrinterUrl(cfg.printer);
      if (target.kind === 'none') return { printed: false, errorCode: 'HOSPITAL_PRINTER_NOT_CONFIGURED' };
      await printBytes(target, encodeEscPos(this.ticket(v, p, dept, cfg), { paperWidth: cfg.paperWidth }));
      this.lastPrintMs = performance.now() - t0;
      store.setVisitPrinted(s, v.visitId, 'yes');
      return { printed: true };
    } catch (e) {
      store.setVisitPrinted(s, v.visitId, 'failed');
      return { printed: false, errorCode: e instanceof CodedError ? e.code : 'HOSPITAL_PRINTER_ERROR' };
    }
  }

  private visitParts(visitId: string): { v: Visit; p: Pick<Patient, 'fullName' | 'dateOfBirth'>; dept: Department } {
    const s = this.ctx.storage;
    const v = store.getVisit(s, visitId);
    if (!v) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'no such visit');
    const p = store.getPatient(s, v.patientCccd) ?? { fullName: '', dateOfBirth: '' };
    const dept = store.getDepartment(s, v.department) ?? { code: v.department, name: v.department, prefix: '', active: false };
    return { v, p, dept };
  }

  async reprint(visitId: string): Promise<{ printed: boolean; errorCode?: string }> {
    const { v, p, dept } = this.visitParts(visitId);
    return this.print(v, p, dept, this.config());
  }

  async pdf(visitId: string): Promise<{ pdfBase64: string; fileName: string }> {
    const { v, p, dept } = this.visitParts(visitId);
    const bytes = await ticketPdf(this.ticket(v, p, dept, this.config()));
    return { pdfBase64: Buffer.from(bytes).toString('base64'), fileName: `phieu-${v.visitId}.pdf` };
  }

  fhir(visitId: string): CheckinResultView['fhir'] {
    const s = this.ctx.storage;
    const v = store.getVisit(s, visitId);
    if (!v) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'no such visit');
    const p = store.getPatient(s, v.patientCccd);
    if (!p) throw new HospitalError('HOSPITAL_UNKNOWN_PATIENT', 'the visit has no patient record');
    const dept = store.getDepartment(s, v.department) ?? { code: v.department, name: v.department, prefix: '', active: false };
    return this.bundle(p, v, dept, this.config());
  }
}
