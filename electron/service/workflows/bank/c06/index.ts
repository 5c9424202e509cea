/**
 * Online confirmation of a chip with the police identity system's confirmation service (C06), optional.
 * Its request format is not public: the adapter sends what such services ask for in public descriptions
 * (the ID number, the SOD and data-group digests, the bank's credentials, the operator, the purpose), signed,
 * and records the signed yes/no it gets back. Offline, the request waits in a queue retried by a job. The
 * answer sets the check's `onlineConfirmed` status; it never replaces the kiosk's own verdict.
 *
 * SKELETON: the shapes the bank desk builds against; the client, the queue and the fake fill it in.
 */
import type { Job } from '../../../jobs.js';
import type { Migration } from '../../../storage/migrations/types.js';
import type { JobContext } from '../../types.js';

export interface C06Request {
  checkId: string;
  idNumber: string;
  /** SHA-256 hex of EF.SOD and of each data group (file-digests.ts). */
  sodSha256: string | null;
  dataGroups: Record<string, string>;
  operatorId: string;
  purpose: string;
  requestedAt: string;
}

export interface C06Outcome {
  status: 'not_configured' | 'queued' | 'confirmed' | 'rejected' | 'error';
  at: string | null;
  reference: string | null;
  note: string | null;
}

export const NOT_CONFIGURED: C06Outcome = { status: 'not_configured', at: null, reference: null, note: null };

/** The C06 queue's tables, appended to BANK_MIGRATIONS (numbers after the desk's own). */
export const C06_MIGRATIONS: readonly Migration[] = [];

export class OnlineConfirmation {
  constructor(private readonly ctx: JobContext) {}

  /** True when an endpoint and credentials are configured (settings or CHIPID_C06_* environment). */
  configured(): boolean {
    void this.ctx;
    return false;
  }

  /** Sends now when it can, queues otherwise; the outcome so far. */
  async request(req: C06Request): Promise<C06Outcome> {
    void req;
    return NOT_CONFIGURED;
  }

  /** The latest outcome for a check (NOT_CONFIGURED when never asked). */
  outcome(checkId: string): C06Outcome {
    void checkId;
    return NOT_CONFIGURED;
  }

  /** 'c06.confirm': retries the queued requests; calls onOutcome for each answered one. */
  job(onOutcome: (checkId: string, o: C06Outcome) => void): Job {
    void onOutcome;
    return { name: 'c06.confirm', intervalMs: 15_000, run: () => undefined };
  }
}
