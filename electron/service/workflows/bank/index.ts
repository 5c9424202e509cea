/**
 * bank: customer verification at a bank counter. A read at a bank counter is held as a customer check; the
 * customer's live face is compared with the chip's DG2 portrait, an active challenge (turn the head, blink)
 * and the library's passive checks guard against a photo held up, the teller confirms or refuses (a failed
 * check only with a supervisor's override) and the kiosk signs an identification receipt.
 *
 * One desk per context (the service's, or the command line's), made on first use so the handlers, the step
 * and the jobs share it; the face engine is injected (one per process, shared by the command line and the
 * service).
 */
import type { FaceEngine } from '../../../face/types.js';
import { REQUIRED_TIERS } from '../../verify.js';
import type { JobContext, Workflow } from '../types.js';
import { workflow } from './contract.js';
import { BankDesk, type DeskOptions } from './desk.js';
import { bankHandlers } from './handlers.js';
import { BANK_MIGRATIONS } from './migrations/index.js';
import { BANK_SETTINGS } from './settings.js';
import * as store from './store/index.js';

const desks = new WeakMap<object, BankDesk>();

/** The desk of a context (one per storage: the service or one command-line run). */
export function deskOf(ctx: JobContext, opts?: DeskOptions & { engine?: () => Promise<FaceEngine> }): BankDesk {
  let d = desks.get(ctx.storage);
  if (!d) desks.set(ctx.storage, (d = new BankDesk(ctx, opts)));
  return d;
}

const DAY_MS = 24 * 3600_000;

export const bank: Workflow = {
  name: workflow.name,
  label: workflow.label,
  requiredTiers: REQUIRED_TIERS,
  camera: true,
  migrations: BANK_MIGRATIONS,
  settings: BANK_SETTINGS,
  onRead: [{ name: 'hold-for-kyc', run: (read) => deskOf({ storage: read.storage }).holdRead(read) }],
  handlers: (ctx) => bankHandlers(deskOf(ctx)),
  jobs: (ctx) => {
    const desk = deskOf(ctx);
    return [
      { name: 'images.retention', intervalMs: DAY_MS, run: () => void store.purgeImages(ctx.storage, desk.now()) },
      desk.online.job((checkId, o) => desk.setOnline(checkId, o)),
    ];
  },
};
