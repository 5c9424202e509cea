/**
 * chipid checkin: the hospital check-in without a screen (tests, support, a scripted counter). Reads and
 * verifies the card (--virtual in-process, or a PC/SC reader), holds it for the check-in as a counter does,
 * waits for the insurance lookup (bounded), checks the patient in to the department as the given operator and
 * prints the result: verdict, patient, visit, insurance, the FHIR bundle and the print outcome.
 *
 * A read that is not verified is checked in only with --override-by SUPERVISOR_ID and --override-reason; the
 * supervisor's PIN is read from stdin (or CHIPID_SUPERVISOR_PIN), never from the command line.
 */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { planKeys } from '../service/access-keys.js';
import { readCard } from '../service/read-card.js';
import { fileDigests } from '../service/file-digests.js';
import { systemRng } from '../service/rng.js';
import { hospital, deskOf } from '../service/workflows/hospital/index.js';
import { cliTrust, openCard } from './read.js';
import { CLI_READER, openCliWorkflows } from './workflow-context.js';
import { readStdinLine } from './admin.js';

export async function cmdCheckin(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    reader: { type: 'string' },
    virtual: { type: 'string' },
    id: { type: 'string' },
    dob: { type: 'string' },
    can: { type: 'string' },
    department: { type: 'string' },
    operator: { type: 'string' },
    phone: { type: 'string' },
    'confirm-changes': { type: 'boolean' },
    'override-by': { type: 'string' },
    'override-reason': { type: 'string' },
    'lookup-wait': { type: 'string' },
    wait: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.department || !values.operator) throw new ChipIdError('KEY_INVALID', 'usage: chipid checkin (--virtual PROFILE | --reader NAME) --id 12DIGITS --department CODE --operator ID [--json]');
  if ((values['override-by'] === undefined) !== (values['override-reason'] === undefined)) throw new ChipIdError('KEY_INVALID', '--override-by and --override-reason go together');
  const plan = planKeys({ id: values.id, dob: values.dob, can: values.can });
  const trust = cliTrust(values.virtual !== undefined);
  const cli = openCliWorkflows();
  try {
    const ctx = cli.context(hospital, values.operator);
    const desk = deskOf(ctx);
    const t0 = performance.now();
    let readMs = 0;
    const { channel, close } = await openCard(values);
    try {
      const res = await readCard(channel, { plan, rng: systemRng, photo: false, allowBacFallback: true, trust, requiredTiers: hospital.requiredTiers });
      desk.holdRead({ workflow: hospital.name, readerId: CLI_READER, readerName: 'chipid', counter: 'cli', operator: values.operator, output: res.output, digests: fileDigests(res.raw.files), storage: cli.storage });
      readMs = res.output.stats.totalMs;
    } finally {
      await close();
    }
    const t1 = performance.now();
    await desk.settle(CLI_READER, Number(values['lookup-wait'] ?? 10) * 1000);
    const t2 = performance.now();
    let override: { supervisorId: string; pin: string; reason: string } | undefined;
    if (values['override-by'] !== undefined) {
      const pin = process.env.CHIPID_SUPERVISOR_PIN ?? (await readStdinLine());
      override = { supervisorId: values['override-by'], pin, reason: values['override-reason']! };
    }
    const r = await desk.checkIn({
      readerId: CLI_READER,
      department: values.department,
      ...(values['confirm-changes'] ? { confirmChanges: true } : {}),
      ...(values.phone !== undefined ? { phone: values.phone } : {}),
      ...(override ? { override } : {}),
    });
    const t3 = performance.now();
    // A lookup started at the check-in (an overridden read) is recorded before the storage closes.
    await desk.settle(CLI_READER, Number(values['lookup-wait'] ?? 10) * 1000);
    // Where the time went (not part of the API's answer): the read (card and verification), the wait for the
    // insurance answer left after the read, the check-in with the print.
    const timings = { readMs, cardDoneMs: Math.round(t1 - t0), lookupWaitMs: Math.round(t2 - t1), checkinMs: Math.round(t3 - t2), printMs: Math.round(desk.lastPrintMs) };
    if (values.json) process.stdout.write(JSON.stringify({ ...r, timings }) + '\n');
    else {
      const lines = [
        r.verdict === 'verified' ? '✔ ĐÃ XÁC THỰC / VERIFIED' : '✘ CHƯA XÁC THỰC / NOT VERIFIED (supervisor override)',
        `Lượt khám / Visit:        ${r.visit.visitId}`,
        `Khoa / Department:        ${r.visit.department}   Số thứ tự / Queue: ${r.visit.queueLabel}`,
        `BHYT / Insurance:         ${r.insurance.status}${r.insurance.code ? ` (${r.insurance.code})` : ''}${r.insurance.note ? ` — ${r.insurance.note}` : ''}`,
        `In phiếu / Ticket:        ${r.print.printed ? 'printed' : `not printed (${r.print.errorCode ?? '?'})`}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  } finally {
    cli.close();
  }
}
