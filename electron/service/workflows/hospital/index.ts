/**
 * hospital: reception by CCCD. A read at a hospital counter is held for its check-in and its health
 * insurance looked up at once; the check-in records the patient, gives the visit a queue number, prints the
 * ticket and hands the visit to the HIS (FHIR, through an outbox). Requires the same tiers as verify-only: a
 * chip that is intact, genuine, issued by a trusted CSCA and valid today; a read that is not verified can be
 * checked in only by a supervisor's override, recorded as such.
 *
 * One desk per context (the service's, or the command line's), made on first use so the handlers, the step
 * and the jobs share it.
 */
import { REQUIRED_TIERS } from '../../verify.js';
import type { JobContext, Workflow } from '../types.js';
import { workflow } from './contract.js';
import { HospitalDesk } from './desk.js';
import { hospitalHandlers } from './handlers.js';
import { HOSPITAL_MIGRATIONS } from './migrations/index.js';
import { HOSPITAL_SETTINGS } from './settings.js';
import { hisJob } from './his/outbox.js';
import { storeOutbox } from './outbox-store.js';
import * as store from './store/index.js';

const desks = new WeakMap<object, HospitalDesk>();

/** The desk of a context (one per service or command-line run). */
export function deskOf(ctx: JobContext): HospitalDesk {
  let d = desks.get(ctx.storage);
  if (!d) desks.set(ctx.storage, (d = new HospitalDesk(ctx)));
  return d;
}

/** Retention runs daily; the lookup retries and HIS deliveries every few seconds (each is cheap when idle). */
const DAY_MS = 24 * 3600_000;

export const hospital: Workflow = {
  name: workflow.name,
  label: workflow.label,
  requiredTiers: REQUIRED_TIERS,
  migrations: HOSPITAL_MIGRATIONS,
  settings: HOSPITAL_SETTINGS,
  onRead: [{ name: 'hold-for-checkin', run: (read) => deskOf({ storage: read.storage }).holdRead(read) }],
  handlers: (ctx) => hospitalHandlers(deskOf(ctx)),
  jobs: (ctx) => {
    const desk = deskOf(ctx);
    return [
      { name: 'insurance.retry', intervalMs: 10_000, run: async () => void (await desk.retryDue()) },
      { ...hisJob(storeOutbox(ctx.storage), () => desk.config().hisWebhookUrl), name: 'his.deliver' },
      { name: 'patients.retention', intervalMs: DAY_MS, run: () => void store.purgePatients(ctx.storage, desk.config().patientRetentionDays) },
    ];
  },
};
