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
import { attachToVpcd, VPCD_DEFAULT_PORT } from '../../native/vpcd.js';
import { createVirtualCard, isProfileName, PROFILES, type ProfileName } from '../vcard/profiles.js';
import type { ApduEvent } from '../vcard/card.js';
import type { CardApplet } from '../emrtd/channel.js';
import { parsePerson } from '../vcard/person.js';
import { DEFAULT_LATENCY, modelledMs } from '../vcard/channel.js';
import { systemRng } from '../service/rng.js';

export async function cmdSim(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
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
  if (values['csca-out']) writeFileSync(values['csca-out'], testPkiCerts().cscaDer);
  const profileName = values.profile ?? 'cccd-2021';
  if (!isProfileName(profileName)) throw new ChipIdError('KEY_INVALID', `unknown profile "${profileName}"; one of ${Object.keys(PROFILES).join(', ')}`);
  const person = values.person ? parsePerson(JSON.parse(readFileSync(values.person, 'utf8'))) : undefined;
  const [host, portText] = (values.vpcd ?? `127.0.0.1:${VPCD_DEFAULT_PORT}`).split(':');
  const port = Number(portText ?? VPCD_DEFAULT_PORT);
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) throw new ChipIdError('KEY_INVALID', '--vpcd must be HOST:PORT');

  const emit = (event: Record<string, unknown>): void => {
    if (values.control || values.json) process.stdout.write(JSON.stringify(event) + '\n');
  };

  // Removal trigger: after the card has served BYTES of file FID, the next APDU finds the card gone.
  let trigger: { fid: number; bytes: number } | undefined;
  const setTrigger = (spec: string): void => {
    const m = /^([0-9a-fA-F]{4}):(\d+)$/.exec(spec);
    if (!m) throw new ChipIdError('KEY_INVALID', '--remove-at must be FID:BYTES, e.g. 0102:3000');
    trigger = { fid: parseInt(m[1]!, 16), bytes: Number(m[2]) };
  };
  if (values['remove-at']) setTrigger(values['remove-at']);
  // --stall-at FID:BYTES: after BYTES of file FID the card stops answering (a chip that hangs).
  let stallTrigger: { fid: number; bytes: number } | undefined;
  let stalled = false;
  if (values['stall-at']) {
    const m = /^([0-9a-fA-F]{4}):(\d+)$/.exec(values['stall-at']);
    if (!m) throw new ChipIdError('KEY_INVALID', '--stall-at must be FID:BYTES');
    stallTrigger = { fid: parseInt(m[1]!, 16), bytes: Number(m[2]) };
  }
  let served = new Map<number, number>();
  let dropNext = false;

  const makeCard = (profile: ProfileName) =>
    createVirtualCard({
      profile,
      ...(person && profile === profileName ? { person } : {}),
      rng: systemRng,
      onApdu: (e) => {
        if (values['log-reads'] && e.fid !== undefined) emit({ event: 'read', fid: e.fid.toString(16).padStart(4, '0'), offset: e.offset ?? 0, length: e.length ?? 0, sw: e.sw.toString(16) });
        onCardApdu(e);
      },
    });
  const onCardApdu = (e: ApduEvent): void => {
      if (e.fid === undefined || e.length === undefined) return;
      const n = (served.get(e.fid) ?? 0) + e.length;
      served.set(e.fid, n);
      if (stallTrigger && e.fid === stallTrigger.fid && n >= stallTrigger.bytes) {
        stalled = true;
        stallTrigger = undefined;
      }
      if (trigger && e.fid === trigger.fid && n >= trigger.bytes) {
        dropNext = true;
        trigger = undefined;
      }
  };
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
    onApdu: () => {
      if (stalled) return 'stall';
      if (!dropNext) return 'answer';
      dropNext = false;
      emit({ event: 'removed', reason: 'trigger' });
      return 'drop';
    },
    onState: (up) => {
      if (up) served = new Map();
      emit({ event: up ? 'inserted' : 'disconnected' });
    },
  });

  const p = bundle.personalised;
  const keys = {
    profile: profileName,
    idNumber: bundle.person.idNumber,
    dateOfBirth: bundle.person.dateOfBirth,
    dateOfExpiry: bundle.person.dateOfExpiry,
    can: p.can,
    mrz: p.mrz.join('\n'),
  };
  emit({ event: 'ready', vpcd: `${host}:${port}`, keys });
  if (!values.control) {
    process.stderr.write(
      `Thẻ ảo / virtual card "${profileName}" on vpcd ${host}:${port} — Ctrl+C to stop.\n` +
        `Open it with:\n  chipid read --id ${keys.idNumber}            (PACE with the CAN ${keys.can})\n` +
        `  chipid read --id ${keys.idNumber} --dob ${keys.dateOfBirth}${keys.dateOfExpiry ? ` --doe ${keys.dateOfExpiry}` : ''}   (BAC)\n` +
        `  chipid read --mrz "${p.mrz.join('\\n')}"\n` +
        `Its EF.SOD is signed under the TEST CSCA (chipid sim --csca-out FILE; chipid trust import FILE to trust it).\n` +
        `Test-only: vpcd listens on all interfaces; never install it on a kiosk.\n`,
    );
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (values.control) {
      const rl = createInterface({ input: process.stdin });
      rl.on('line', (line) => {
        let cmd: { cmd?: string; at?: string; profile?: string };
        try {
          cmd = JSON.parse(line) as { cmd?: string; at?: string; profile?: string };
        } catch {
          emit({ event: 'error', message: 'control line is not JSON' });
          return;
        }
        if (cmd.cmd === 'remove') void attachment.detach().then(() => emit({ event: 'removed', reason: 'command' }));
        else if (cmd.cmd === 'insert') void attachment.reattach().then(() => emit({ event: 'inserted-ack' }));
        else if (cmd.cmd === 'remove-at' && cmd.at) {
          try {
            setTrigger(cmd.at);
            emit({ event: 'armed' });
          } catch (e) {
            emit({ event: 'error', message: (e as Error).message });
          }
        } else if (cmd.cmd === 'swap' && cmd.profile && isProfileName(cmd.profile)) {
          const next = cmd.profile;
          void attachment.detach().then(async () => {
            // pcscd polls presence about every 400 ms and must see the reader empty before the next card.
            await new Promise((r) => setTimeout(r, 1200));
            bundle = makeCard(next);
            emit({ event: 'swapped', profile: next, idNumber: bundle.person.idNumber });
            await attachment.reattach();
          });
        } else if (cmd.cmd === 'exit') stop();
        else emit({ event: 'error', message: 'unknown command' });
      });
      rl.on('close', stop);
    }
  });
  await attachment.detach();
  return 0;
}
