/**
 * chipid sim: attaches the virtual card to the vpcd reader driver (vsmartcard) so it appears as a card in
 * a real PC/SC reader. For development, demos and tests only: vpcd listens on all interfaces — never
 * install it on a kiosk.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { testPkiCerts } from '../devkit/test-pki.js';
import { createInterface } from 'node:readline';
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { attachToVpcd, VPCD_DEFAULT_PORT, type VpcdAttachment } from '../../native/vpcd.js';
import { createVirtualCard, isProfileName, PROFILES, type ProfileName, type VirtualCardBundle } from '../vcard/profiles.js';
import type { ApduEvent } from '../vcard/card.js';
import type { CardApplet } from '../emrtd/channel.js';
import { parsePerson } from '../vcard/person.js';
import { DEFAULT_LATENCY, modelledMs } from '../vcard/channel.js';
import { systemRng } from '../service/rng.js';

type Emit = (event: Record<string, unknown>) => void;
type SimValues = ReturnType<typeof parseSimArgs>['values'];

function parseSimArgs(argv: string[]) {
  return parse(argv, {
    profile: { type: 'string' },
    person: { type: 'string' },
    vpcd: { type: 'string' },
    latency: { type: 'boolean' },
    control: { type: 'boolean' },
    'remove-at': { type: 'string' },
    json: { type: 'boolean' },
    'csca-out': { type: 'string' },
    'log-reads': { type: 'boolean' },
    'stall-at': { type: 'string' },
  });
}

/** --vpcd HOST:PORT (default 127.0.0.1 and vpcd's port). */
function vpcdAddress(spec: string | undefined): { host: string; port: number } {
  const [host, portText] = (spec ?? `127.0.0.1:${VPCD_DEFAULT_PORT}`).split(':');
  const port = Number(portText ?? VPCD_DEFAULT_PORT);
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) throw new ChipIdError('KEY_INVALID', '--vpcd must be HOST:PORT');
  return { host, port };
}

/** FID:BYTES (hex file id, decimal byte count), as --remove-at and --stall-at take it. */
function fidBytes(spec: string, usage: string): { fid: number; bytes: number } {
  const m = /^([0-9a-fA-F]{4}):(\d+)$/.exec(spec);
  if (!m) throw new ChipIdError('KEY_INVALID', usage);
  return { fid: parseInt(m[1]!, 16), bytes: Number(m[2]) };
}

/**
 * The card's scripted faults. Removal: after the card has served BYTES of file FID, the next APDU finds the
 * card gone. Stall: after BYTES of file FID the card stops answering (a chip that hangs).
 */
function simTriggers(values: SimValues, emit: Emit) {
  let removeAt: { fid: number; bytes: number } | undefined;
  let stallAt: { fid: number; bytes: number } | undefined;
  let stalled = false;
  let dropNext = false;
  let served = new Map<number, number>();
  const t = {
    armRemoval(spec: string): void {
      removeAt = fidBytes(spec, '--remove-at must be FID:BYTES, e.g. 0102:3000');
    },
    /** Counts the bytes the card serves per file and fires the triggers. */
    onCardApdu(e: ApduEvent): void {
      if (e.fid === undefined || e.length === undefined) return;
      const n = (served.get(e.fid) ?? 0) + e.length;
      served.set(e.fid, n);
      if (stallAt && e.fid === stallAt.fid && n >= stallAt.bytes) {
        stalled = true;
        stallAt = undefined;
      }
      if (removeAt && e.fid === removeAt.fid && n >= removeAt.bytes) {
        dropNext = true;
        removeAt = undefined;
      }
    },
    /** What vpcd does with the next APDU. */
    onReaderApdu(): 'answer' | 'drop' | 'stall' {
      if (stalled) return 'stall';
      if (!dropNext) return 'answer';
      dropNext = false;
      emit({ event: 'removed', reason: 'trigger' });
      return 'drop';
    },
    /** A card placed again starts counting afresh. */
    resetCounts(): void {
      served = new Map();
    },
  };
  if (values['remove-at']) t.armRemoval(values['remove-at']);
  if (values['stall-at']) stallAt = fidBytes(values['stall-at'], '--stall-at must be FID:BYTES');
  return t;
}

/** The keys that open the card, for the 'ready' event and the hint on stderr. */
function cardKeys(profileName: ProfileName, bundle: VirtualCardBundle) {
  const p = bundle.personalised;
  return {
    profile: profileName,
    idNumber: bundle.person.idNumber,
    dateOfBirth: bundle.person.dateOfBirth,
    dateOfExpiry: bundle.person.dateOfExpiry,
    can: p.can,
    mrz: p.mrz.join('\n'),
  };
}

function printHowToOpen(profileName: ProfileName, at: string, keys: ReturnType<typeof cardKeys>, mrz: string[]): void {
  process.stderr.write(
    `Thẻ ảo / virtual card "${profileName}" on vpcd ${at} — Ctrl+C to stop.\n` +
      `Open it with:\n  chipid read --id ${keys.idNumber}            (PACE with the CAN ${keys.can})\n` +
      `  chipid read --id ${keys.idNumber} --dob ${keys.dateOfBirth}${keys.dateOfExpiry ? ` --doe ${keys.dateOfExpiry}` : ''}   (BAC)\n` +
      `  chipid read --mrz "${mrz.join('\\n')}"\n` +
      `Its EF.SOD is signed under the TEST CSCA (chipid sim --csca-out FILE; chipid trust import FILE to trust it).\n` +
      `Test-only: vpcd listens on all interfaces; never install it on a kiosk.\n`,
  );
}

interface ControlContext {
  attachment: VpcdAttachment;
  emit: Emit;
  armRemoval(spec: string): void;
  /** Replaces the card behind the vpcd connection (another person's card on the reader). */
  swap(profile: ProfileName): void;
  stop(): void;
}

/** One line of the --control protocol on stdin (JSON: remove, insert, remove-at, swap, exit). */
function controlLine(line: string, c: ControlContext): void {
  let cmd: { cmd?: string; at?: string; profile?: string };
  try {
    cmd = JSON.parse(line) as { cmd?: string; at?: string; profile?: string };
  } catch {
    c.emit({ event: 'error', message: 'control line is not JSON' });
    return;
  }
  if (cmd.cmd === 'remove') void c.attachment.detach().then(() => c.emit({ event: 'removed', reason: 'command' }));
  else if (cmd.cmd === 'insert') void c.attachment.reattach().then(() => c.emit({ event: 'inserted-ack' }));
  else if (cmd.cmd === 'remove-at' && cmd.at) {
    try {
      c.armRemoval(cmd.at);
      c.emit({ event: 'armed' });
    } catch (e) {
      c.emit({ event: 'error', message: (e as Error).message });
    }
  } else if (cmd.cmd === 'swap' && cmd.profile && isProfileName(cmd.profile)) c.swap(cmd.profile);
  else if (cmd.cmd === 'exit') c.stop();
  else c.emit({ event: 'error', message: 'unknown command' });
}

/** Runs until SIGINT/SIGTERM, or (with --control) until stdin closes or says exit. */
function untilStopped(control: boolean, c: Omit<ControlContext, 'stop'>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (control) {
      const rl = createInterface({ input: process.stdin });
      rl.on('line', (line) => controlLine(line, { ...c, stop }));
      rl.on('close', stop);
    }
  });
}

export async function cmdSim(argv: string[]): Promise<number> {
  const { values } = parseSimArgs(argv);
  if (values['csca-out']) writeFileSync(values['csca-out'], testPkiCerts().cscaDer);
  const profileName = values.profile ?? 'cccd-2021';
  if (!isProfileName(profileName)) throw new ChipIdError('KEY_INVALID', `unknown profile "${profileName}"; one of ${Object.keys(PROFILES).join(', ')}`);
  const person = values.person ? parsePerson(JSON.parse(readFileSync(values.person, 'utf8'))) : undefined;
  const { host, port } = vpcdAddress(values.vpcd);
  const emit: Emit = (event) => {
    if (values.control || values.json) process.stdout.write(JSON.stringify(event) + '\n');
  };
  const triggers = simTriggers(values, emit);

  const makeCard = (profile: ProfileName): VirtualCardBundle =>
    createVirtualCard({
      profile,
      ...(person && profile === profileName ? { person } : {}),
      rng: systemRng,
      onApdu: (e) => {
        if (values['log-reads'] && e.fid !== undefined) emit({ event: 'read', fid: e.fid.toString(16).padStart(4, '0'), offset: e.offset ?? 0, length: e.length ?? 0, sw: e.sw.toString(16) });
        triggers.onCardApdu(e);
      },
    });
  let bundle = makeCard(profileName);
  // The vpcd connection stays; a swap replaces the card behind it (another person's card on the reader).
  const applet: CardApplet = {
    get atr() {
      return bundle.card.atr;
    },
    process: (apdu) => bundle.card.process(apdu),
    reset: () => bundle.card.reset(),
  };
  const attachment = attachToVpcd(applet, {
    host,
    port,
    ...(values.latency ? { delayMs: (a: Uint8Array, r: Uint8Array) => modelledMs(DEFAULT_LATENCY, a, r) } : {}),
    onApdu: () => triggers.onReaderApdu(),
    onState: (up) => {
      if (up) triggers.resetCounts();
      emit({ event: up ? 'inserted' : 'disconnected' });
    },
  });

  const keys = cardKeys(profileName, bundle);
  emit({ event: 'ready', vpcd: `${host}:${port}`, keys });
  if (!values.control) printHowToOpen(profileName, `${host}:${port}`, keys, bundle.personalised.mrz);

  const swap = (next: ProfileName): void => {
    void attachment.detach().then(async () => {
      // pcscd polls presence about every 400 ms and must see the reader empty before the next card.
      await new Promise((r) => setTimeout(r, 1200));
      bundle = makeCard(next);
      emit({ event: 'swapped', profile: next, idNumber: bundle.person.idNumber });
      await attachment.reattach();
    });
  };
  await untilStopped(!!values.control, { attachment, emit, armRemoval: (spec) => triggers.armRemoval(spec), swap });
  await attachment.detach();
  return 0;
}
