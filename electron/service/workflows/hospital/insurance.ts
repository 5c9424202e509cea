/**
 * Insurance lookups for the desk: which gateway (settings, else the environment), what is asked (the patient's
 * CCCD number, name and date of birth, and the operator's name and CCCD), and what a failure becomes. A lookup
 * that cannot be made or answered is never a reason to refuse a check-in: it becomes `unchecked` (the gateway
 * could not be reached: retried by the job runner with back-off) or `error` (the gateway answered with a
 * fault), with our own note in both languages.
 */
import { CodedError } from '../../../emrtd/errors.js';
import type { Storage } from '../../storage/index.js';
import { BhytGateway, toGatewayDate, type GatewayConfig } from './bhyt/client.js';
import { uncheckedResult } from './bhyt/codes.js';
import { gatewayPasswordMd5 } from './secret.js';
import type { HospitalConfig } from './settings.js';
import type { InsuranceResult, OperatorRef } from './types.js';

/** First retry after 30 s, doubling to at most 30 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, Math.min(10, attempts)));
}

/** Codes whose failure is worth retrying later (the gateway was not reached or did not answer properly). */
const RETRYABLE = new Set(['HOSPITAL_GATEWAY_UNREACHABLE', 'HOSPITAL_GATEWAY_ANSWER', 'HOSPITAL_GATEWAY_NOT_CONFIGURED']);

export interface LookupOutcome {
  result: InsuranceResult;
  /** True when the lookup should be queued for a retry. */
  retry: boolean;
  errorCode?: string;
}

export interface PatientQuery {
  cccd: string;
  fullName: string;
  dateOfBirth: string;
}

/** One gateway adapter per configuration, so its token is cached across lookups. */
export class Insurance {
  private gateway: { key: string; gw: BhytGateway } | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs = 8000,
  ) {}

  private adapter(cfg: HospitalConfig): BhytGateway | undefined {
    const md5 = gatewayPasswordMd5(this.storage, this.env);
    if (!cfg.gateway || !md5) return undefined;
    const conf: GatewayConfig = { baseUrl: cfg.gateway.url, username: cfg.gateway.username, passwordMd5: md5, timeoutMs: this.timeoutMs };
    const key = `${conf.baseUrl}\u0000${conf.username}\u0000${md5}`;
    if (this.gateway?.key !== key) this.gateway = { key, gw: new BhytGateway(conf) };
    return this.gateway.gw;
  }

  configured(cfg: HospitalConfig): boolean {
    return this.adapter(cfg) !== undefined;
  }

  /** Asks the gateway; never throws. */
  async lookup(cfg: HospitalConfig, p: PatientQuery, op: OperatorRef | undefined): Promise<LookupOutcome> {
    const now = (): string => new Date().toISOString();
    const gw = this.adapter(cfg);
    if (!gw) {
      return {
        result: uncheckedResult({ vi: 'Chưa cấu hình cổng BHYT.', en: 'The insurance gateway is not set up.' }, now()),
        retry: false,
        errorCode: 'HOSPITAL_GATEWAY_NOT_CONFIGURED',
      };
    }
    // The gateway takes no lookup without the staff member's name and CCCD (the admin operator has none).
    if (!op || !/^[0-9]{12}$/.test(op.cccd)) {
      return {
        result: uncheckedResult({ vi: 'Cổng BHYT cần tên và số căn cước của nhân viên tra cứu: hãy đăng nhập bằng tài khoản nhân viên của bạn.', en: 'The gateway needs the name and ID number of the staff member asking: sign in with your own operator account.' }, now()),
        retry: false,
        errorCode: 'HOSPITAL_NO_OPERATOR',
      };
    }
    try {
      const result = await gw.lookup({ maThe: p.cccd, hoTen: p.fullName, ngaySinh: toGatewayDate(p.dateOfBirth), hoTenCb: op.name, cccdCb: op.cccd });
      return { result, retry: false };
    } catch (e) {
      const code = e instanceof CodedError ? e.code : 'HOSPITAL_GATEWAY_UNREACHABLE';
      const why = e instanceof CodedError ? { vi: e.messageVi, en: e.messageEn } : { vi: 'Không tra cứu được BHYT.', en: 'The insurance lookup failed.' };
      const retry = RETRYABLE.has(code);
      const result = retry ? uncheckedResult(why, now()) : { ...uncheckedResult(why, now()), status: 'error' as const };
      return { result, retry, errorCode: code };
    }
  }
}
