/**
 * The bank methods of the API (contract.ts), each a call of the desk. Params arrive validated against the
 * contract; the operator is always the one signed in at the counter (readerId), never one a caller names, and
 * an override needs the supervisor's own PIN.
 */
import type { WorkflowHandler } from '../types.js';
import type { BankCheckView } from './contract.js';
import { decide, receiptJson, type DecideRequest } from './decision.js';
import type { BankDesk } from './desk.js';
import { BankError } from './errors.js';
import { compareRecord } from './record.js';
import { receiptPdf } from './receipt-pdf.js';
import type { SignedReceipt } from './receipt.js';
import * as store from './store/index.js';

type Params = Readonly<Record<string, unknown>>;
const str = (p: Params, k: string): string => p[k] as string;

export function bankHandlers(desk: BankDesk): Record<string, WorkflowHandler> {
  return {
    bankPending: async (p) => desk.pending(str(p, 'readerId')),
    bankStartChallenge: async (p) => desk.startChallenge(str(p, 'readerId'), str(p, 'checkId')),
    bankFaceFrame: async (p) => desk.frame(str(p, 'readerId'), str(p, 'checkId'), new Uint8Array(Buffer.from(str(p, 'jpegBase64'), 'base64'))),
    bankDecide: async (p) => decide(desk, p as unknown as DecideRequest),
    bankCompareRecord: async (p) => {
      const checkId = str(p, 'checkId');
      const h = desk.raw(checkId);
      const view: BankCheckView = h?.view ?? desk.check(checkId);
      if (view.decision) throw new BankError('BANK_CHECK_DECIDED', 'the check was decided');
      if (view.status === 'expired') throw new BankError('BANK_CHECK_STALE', 'the check expired');
      view.record = compareRecord(view.identity, p.record as { idNumber?: string; fullName?: string; dateOfBirth?: string }, new Date(desk.now()).toISOString());
      view.updatedAt = view.record.comparedAt;
      if (h) {
        desk.save(h);
        desk.emitCheck(h);
      }
      return view;
    },
    bankCheck: async (p) => desk.check(str(p, 'checkId')),
    bankChecks: async (p) => desk.checks(typeof p.day === 'string' ? p.day : store.localDay(desk.now())),
    bankReceipt: async (p) => JSON.parse(receiptJson(desk, str(p, 'checkId'))) as SignedReceipt,
    bankReceiptPdf: async (p) => {
      const json = receiptJson(desk, str(p, 'checkId'));
      const bytes = await receiptPdf(json);
      const r = JSON.parse(json) as SignedReceipt;
      return { pdfBase64: Buffer.from(bytes).toString('base64'), fileName: `bien-nhan-${r.receiptId}.pdf` };
    },
    bankConfirmOnline: async (p) => {
      const checkId = str(p, 'checkId');
      const view = desk.raw(checkId)?.view ?? desk.check(checkId);
      if (!view.identity.idNumber) throw new BankError('BANK_UNKNOWN_CHECK', 'the check has no ID number to confirm');
      const digests = desk.raw(checkId)?.digests ?? digestsFromReceipt(desk, checkId);
      const o = await desk.online.request({
        checkId,
        idNumber: view.identity.idNumber,
        sodSha256: digests?.sod ?? null,
        dataGroups: digests?.dataGroups ?? {},
        operatorId: view.decision?.operatorId ?? desk.ctx.counter?.(view.readerId)?.operator ?? 'unknown',
        purpose: desk.config().purpose,
        requestedAt: new Date(desk.now()).toISOString(),
      });
      desk.setOnline(checkId, o);
      return desk.raw(checkId)?.view ?? desk.check(checkId);
    },
    bankStatus: async () => desk.status(),
  };
}

function digestsFromReceipt(desk: BankDesk, checkId: string): { sod: string | null; dataGroups: Record<string, string> } | undefined {
  const j = store.receiptOf(desk.storage, checkId);
  return j ? (JSON.parse(j) as SignedReceipt).digests : undefined;
}
