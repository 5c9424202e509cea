/**
 * chipid kyc: the bank counter's whole flow without a screen, through the same desk the service uses. Reads
 * and verifies the card (--virtual in-process, or a PC/SC reader) with its portrait, makes the check, prepares
 * the chip portrait's face, runs the active challenge over the frames of a y4m video (--live FILE.y4m), or
 * compares a single still image (--live IMAGE: the challenge is then not performed, so confirming needs a
 * supervisor's override), records the teller's decision and writes the signed receipt (--receipt-out).
 *
 * The supervisor's PIN (--override-by) is read from stdin or CHIPID_OPERATOR_PIN, never from the command line.
 * --json prints the check, the receipt and where the time went (read, reference, frames, compare, sign).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ChipIdError } from '../emrtd/errors.js';
import { decodeImageAsync } from '../face/image.js';
import type { RgbImage } from '../face/types.js';
import { parseY4m } from '../face/y4m.js';
import { planKeys } from '../service/access-keys.js';
import { readCard } from '../service/read-card.js';
import { fileDigests } from '../service/file-digests.js';
import { systemRng } from '../service/rng.js';
import { bank, deskOf } from '../service/workflows/bank/index.js';
import { decide, receiptJson } from '../service/workflows/bank/decision.js';
import type { BankCheckView } from '../service/workflows/bank/contract.js';
import { parse } from './args.js';
import { readStdinLine } from './admin.js';
import { cliTrust, openCard } from './read.js';
import { CLI_READER, openCliWorkflows } from './workflow-context.js';

const USAGE =
  'usage: chipid kyc (--virtual PROFILE | --reader NAME) --id 12DIGITS --live IMAGE_OR_Y4M --operator ID [--decision confirm|refuse] [--reason TEXT] [--override-by ID] [--receipt-out FILE] [--json]';

/** Loops of the video fed at most (a challenge's two steps may need the loop twice). */
const MAX_LOOPS = 4;

async function liveInput(path: string): Promise<{ kind: 'video'; frames: RgbImage[]; fps: number } | { kind: 'still'; image: RgbImage }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new ChipIdError('KEY_INVALID', `--live ${path}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
  }
  if (new TextDecoder().decode(bytes.subarray(0, 9)) === 'YUV4MPEG2') {
    const v = parseY4m(bytes);
    return { kind: 'video', frames: v.frames, fps: v.fps };
  }
  return { kind: 'still', image: await decodeImageAsync(bytes) };
}

export async function cmdKyc(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    reader: { type: 'string' },
    virtual: { type: 'string' },
    id: { type: 'string' },
    dob: { type: 'string' },
    can: { type: 'string' },
    live: { type: 'string' },
    operator: { type: 'string' },
    decision: { type: 'string' },
    reason: { type: 'string' },
    'override-by': { type: 'string' },
    'receipt-out': { type: 'string' },
    wait: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.live || !values.operator || (values.virtual === undefined) === (values.reader === undefined)) throw new ChipIdError('KEY_INVALID', USAGE);
  const decision = values.decision ?? 'confirm';
  if (decision !== 'confirm' && decision !== 'refuse') throw new ChipIdError('KEY_INVALID', '--decision must be confirm or refuse');
  if (values['override-by'] !== undefined && values.reason === undefined) throw new ChipIdError('KEY_INVALID', '--override-by needs --reason (recorded on the receipt)');
  const live = await liveInput(values.live);
  const plan = planKeys({ id: values.id, dob: values.dob, can: values.can });
  const trust = cliTrust(values.virtual !== undefined);
  const cli = openCliWorkflows();
  try {
    const ctx = cli.context(bank, values.operator);
    // A recorded video is judged on its own time, not on how fast this machine analyses it: the desk's clock
    // advances by one frame interval per frame fed (and runs with the wall clock otherwise).
    let videoMs = 0;
    const started = Date.now();
    const desk = deskOf(ctx, { now: () => (live.kind === 'video' ? started + videoMs : Date.now()) });
    // The teller must exist and be active before the card is read (the desk asks again at the decision).
    desk.operatorAt(CLI_READER);
    const t0 = performance.now();
    const { channel, close } = await openCard(values);
    let readMs: number;
    try {
      const res = await readCard(channel, { plan, rng: systemRng, photo: true, allowBacFallback: true, trust, requiredTiers: bank.requiredTiers });
      desk.holdRead({
        workflow: bank.name,
        readerId: CLI_READER,
        readerName: 'chipid',
        counter: 'cli',
        operator: values.operator,
        output: res.output,
        ...(res.photoBytes ? { photoBytes: res.photoBytes } : {}),
        digests: fileDigests(res.raw.files),
        storage: cli.storage,
      });
      readMs = performance.now() - t0;
    } finally {
      await close();
    }
    const checkId = desk.pending(CLI_READER)!.checkId;
    const held = desk.raw(checkId)!;
    const t1 = performance.now();
    await held.live.refReady;
    const t2 = performance.now();
    let view: BankCheckView;
    if (live.kind === 'still') {
      view = await desk.compareStill(CLI_READER, checkId, live.image);
    } else {
      view = desk.startChallenge(CLI_READER, checkId);
      for (let i = 0; i < live.frames.length * MAX_LOOPS && view.status === 'challenge'; i++) {
        videoMs = Math.round(((i + 1) * 1000) / live.fps);
        view = await desk.frame(CLI_READER, checkId, live.frames[i % live.frames.length]!);
      }
    }
    const t3 = performance.now();
    let override: { supervisorId: string; pin: string; reason: string } | undefined;
    if (values['override-by'] !== undefined) {
      const pin = process.env.CHIPID_OPERATOR_PIN ?? (await readStdinLine());
      override = { supervisorId: values['override-by'], pin: pin.trim(), reason: values.reason! };
    }
    const r = await decide(desk, {
      readerId: CLI_READER,
      checkId,
      decision,
      ...(values.reason !== undefined ? { reason: values.reason } : {}),
      ...(override ? { override } : {}),
    });
    const t4 = performance.now();
    if (values['receipt-out']) writeFileSync(values['receipt-out'], receiptJson(desk, checkId), { mode: 0o600 });
    const ms = (x: number): number => Math.round(x * 10) / 10;
    const timings = {
      readMs: ms(readMs),
      referenceMs: ms(t2 - t1),
      referencePrepMs: ms(held.live.refMs),
      frames: held.live.frames,
      framesMs: ms(held.live.framesMs),
      compareMs: ms(held.compareMs ?? 0),
      liveStepMs: ms(t3 - t2),
      decideSignMs: ms(t4 - t3),
      totalMs: ms(t4 - t0),
    };
    if (values.json) process.stdout.write(JSON.stringify({ check: r.check, receipt: r.receipt, timings }) + '\n');
    else {
      const c = r.check;
      const lines = [
        `${c.status === 'confirmed' ? '✔ ĐÃ XÁC NHẬN / CONFIRMED' : '✘ TỪ CHỐI / REFUSED'}${c.decision?.override ? ' (supervisor override)' : ''}`,
        `Lượt / Check:            ${c.checkId}   Biên nhận / Receipt: ${c.receiptId}`,
        `Chip:                    ${c.verdict}`,
        `Khuôn mặt / Face:        ${c.face ? `${c.face.score.toFixed(3)} / ${c.face.threshold} ${c.face.match ? 'match' : 'NO match'}` : 'not compared'}`,
        `Người thật / Liveness:   ${c.liveness ? `${c.liveness.pass ? 'pass' : 'FAIL'} (active ${c.liveness.active.status}${c.liveness.active.failure ? `, ${c.liveness.active.failure}` : ''})` : '—'}`,
        ...(values['receipt-out'] ? [`Receipt written to ${values['receipt-out']} (chipid receipt verify ${values['receipt-out']})`] : []),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  } finally {
    cli.close();
  }
}
