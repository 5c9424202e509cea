/**
 * A hostile chip for tests: a channel that wraps a real one (usually a VirtualChannel) and applies faults to
 * the N-th exchange or to the exchanges a predicate picks, plus a card-level hook that changes what the virtual
 * card answers *before* secure messaging protects it (so the reader sees a well-formed, correctly MACed but
 * misbehaving answer). Every exchange is logged (command, response or error) for assertions.
 */
import { ForwardingChannel, type CardChannel } from '../../electron/emrtd/channel.js';
import { decodeCommand, type CommandApdu } from '../../electron/emrtd/apdu.js';
import { readTlvs } from '../../electron/emrtd/tlv.js';
import type { Rng } from '../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../electron/emrtd/errors.js';
import { cccdBacKey, type AccessKey } from '../../electron/emrtd/keys.js';
import type { ApduEvent, AuthOutcome, CardQuirks, VirtualCard } from '../../electron/vcard/card.js';
import { VirtualChannel } from '../../electron/vcard/channel.js';
import type { Person } from '../../electron/vcard/person.js';
import { createVirtualCard } from '../../electron/vcard/profiles.js';
import { seededRng } from './rng.js';

export interface Exchange {
  /** 0-based exchange number on this channel. */
  index: number;
  c: Uint8Array;
  r?: Uint8Array;
  error?: unknown;
  /** True when a fault produced this exchange's outcome. */
  faulted: boolean;
}

export interface FaultContext {
  index: number;
  apdu: Uint8Array;
  /** Sends the command to the wrapped channel (keeps the chip's SSC in step) and returns its answer. */
  forward: () => Promise<Uint8Array>;
  log: readonly Exchange[];
}

/** What happens instead of a clean exchange. */
export type Fault = (ctx: FaultContext) => Promise<Uint8Array>;

export type ApduPredicate = (apdu: Uint8Array, index: number, log: readonly Exchange[]) => boolean;

export interface FaultRule {
  /** Exchange number (0-based) the fault applies to. */
  at?: number;
  /** Or: every exchange this predicate picks. */
  when?: ApduPredicate;
  /** How many times the rule fires (default 1; Infinity = forever). */
  times?: number;
  fault: Fault;
}

export class HostileChannel extends ForwardingChannel {
  readonly log: Exchange[] = [];
  /** Response bytes delivered to the reader: a proxy for the memory a hostile chip can make us hold. */
  bytesIn = 0;
  private readonly rules: { rule: FaultRule; left: number }[];

  constructor(inner: CardChannel, rules: FaultRule[] = []) {
    super(inner);
    this.rules = rules.map((rule) => ({ rule, left: rule.times ?? 1 }));
  }

  override get readerName(): string {
    return `hostile(${this.inner.readerName})`;
  }

  /** Adds a rule later (e.g. once a clean phase is over). */
  addRule(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  override async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const index = this.log.length;
    const entry: Exchange = { index, c: apdu.slice(), faulted: false };
    this.log.push(entry);
    const hit = this.rules.find(
      (x) => x.left > 0 && (x.rule.at === undefined || x.rule.at === index) && (x.rule.when === undefined || x.rule.when(apdu, index, this.log)),
    );
    try {
      let r: Uint8Array;
      if (hit) {
        hit.left--;
        entry.faulted = true;
        r = await hit.rule.fault({ index, apdu, forward: () => this.inner.transmit(apdu), log: this.log });
      } else {
        r = await this.inner.transmit(apdu);
      }
      entry.r = r.slice();
      this.bytesIn += r.length;
      return r;
    } catch (e) {
      entry.error = e;
      throw e;
    }
  }
}

// ---- faults ----

/** Answers with fixed bytes without reaching the chip. */
export const respond =
  (bytes: Uint8Array): Fault =>
  async () =>
    bytes.slice();

/** Lets the chip process the command (so both SSCs advance), then answers with something else. */
export const forwardThen =
  (fn: (resp: Uint8Array, ctx: FaultContext) => Uint8Array): Fault =>
  async (ctx) =>
    fn(await ctx.forward(), ctx);

/** Flips one bit of the response at `fromEnd` bytes before its end (1 = SW2). */
export const flipBit = (fromEnd: number, mask = 0x01): Fault =>
  forwardThen((r) => {
    const out = r.slice();
    out[out.length - fromEnd] = out[out.length - fromEnd]! ^ mask;
    return out;
  });

/** Forwards the command, then answers with the response of exchange `index - back` (a replay). */
export const replayEarlier = (back: number): Fault =>
  forwardThen((_r, ctx) => {
    const old = ctx.log[ctx.index - back]?.r;
    if (!old) throw new Error(`hostile: no response ${back} exchanges back`);
    return old.slice();
  });

/** Throws `error` from transmit (a lifted card, a dead driver). */
export const fail =
  (error: unknown): Fault =>
  async () => {
    throw error;
  };

/** Never answers. */
export const stall = (): Fault => () => new Promise<Uint8Array>(() => undefined);

/** Random bytes of a random length (2..maxLen) from a seeded source, optionally with a fixed status word. */
export const garbage = (rng: Rng, maxLen: number, sw?: number): Fault =>
  forwardThen(() => {
    const n = 2 + (rng(1)[0]! % Math.max(1, maxLen - 1));
    const out = rng(n);
    if (sw !== undefined) {
      out[n - 2] = sw >> 8;
      out[n - 1] = sw & 0xff;
    }
    return out;
  });

// ---- predicates and command inspection ----

export const isProtected = (apdu: Uint8Array): boolean => apdu.length > 0 && (apdu[0]! & 0x0c) === 0x0c;
export const insOf = (apdu: Uint8Array): number => apdu[1] ?? -1;
export const isReadBinary = (apdu: Uint8Array): boolean => insOf(apdu) === 0xb0 || insOf(apdu) === 0xb1;

/** Ne of a command: the Le field of a plain command, or DO97 (which SM leaves in clear) of a protected one. */
export function commandNe(apdu: Uint8Array): number | undefined {
  const cmd = decodeCommand(apdu);
  if (!isProtected(apdu)) return cmd.ne;
  const do97 = readTlvs(cmd.data ?? new Uint8Array(0)).find((t) => t.tag === 0x97);
  if (!do97) return undefined;
  const v = do97.value;
  if (v.length === 1) return v[0] === 0 ? 256 : v[0];
  const n = (v[0]! << 8) | v[1]!;
  return n === 0 ? 65536 : n;
}

/** True when the outer APDU uses the extended-length encoding. */
export const isExtended = (apdu: Uint8Array): boolean => decodeCommand(apdu).extended;

// ---- card-level faults ----

export type CardHook = (cmd: CommandApdu, next: () => AuthOutcome) => AuthOutcome;

/**
 * Intercepts the virtual card's command dispatcher: `hook` sees each (unprotected) command and may answer it
 * itself; the card still applies secure messaging to whatever the hook returns. Test-only: it replaces a private
 * method of the card instance.
 */
export function interceptCard(card: VirtualCard, hook: CardHook): void {
  const target = card as unknown as { dispatch(cmd: CommandApdu, protectedCmd: boolean): AuthOutcome };
  const original = target.dispatch.bind(card);
  target.dispatch = (cmd, protectedCmd) => hook(cmd, () => original(cmd, protectedCmd));
}

// ---- a BAC-only virtual CCCD behind a hostile channel ----

export interface BacRig {
  card: VirtualCard;
  person: Person;
  /** The card's own file bytes by file id (what a read must return). */
  fileData(fid: number): Uint8Array;
  /** Header-level facts the card saw (READ BINARY: fid, offset, length, sw). */
  events: ApduEvent[];
  vch: VirtualChannel;
  ch: HostileChannel;
  key: AccessKey;
}

/** A 'cccd-bac-only' virtual card (seeded), its channel wrapped in a HostileChannel, and the BAC key. */
export function bacRig(
  opts: { seed?: number; person?: Person; quirks?: Partial<CardQuirks>; extendedLength?: boolean; rules?: FaultRule[] } = {},
): BacRig {
  const events: ApduEvent[] = [];
  const bundle = createVirtualCard({
    profile: 'cccd-bac-only',
    rng: seededRng(opts.seed ?? 7),
    onApdu: (e) => events.push(e),
    ...(opts.person ? { person: opts.person } : {}),
    ...(opts.quirks ? { quirks: opts.quirks } : {}),
  });
  const vch = new VirtualChannel(bundle.card, opts.extendedLength === undefined ? {} : { extendedLength: opts.extendedLength });
  const ch = new HostileChannel(vch, opts.rules ?? []);
  const p = bundle.person;
  const key = cccdBacKey(p.idNumber, p.dateOfBirth, p.dateOfExpiry!);
  const fileData = (fid: number): Uint8Array => {
    const f = bundle.personalised.ldsFiles.find((x) => x.fid === fid);
    if (!f) throw new Error(`no file ${fid.toString(16)}`);
    return f.data;
  };
  return { card: bundle.card, person: p, fileData, events, vch, ch, key };
}

/** Awaits a read that must fail and returns the typed failure after checking its code. */
export async function expectFailure<T>(p: Promise<T>, code: string): Promise<ChipIdError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  if (!(err instanceof ChipIdError)) throw new Error(`expected ChipIdError ${code}, got ${err === undefined ? 'success' : String(err)}`);
  if (err.code !== code) throw new Error(`expected ${code}, got ${err.code}: ${err.message}`);
  return err;
}

/** The protected commands of a log (after access control), split at each SELECT. */
export function segmentsBySelect(log: readonly Exchange[]): Exchange[][] {
  const out: Exchange[][] = [];
  for (const x of log) {
    if (!isProtected(x.c)) continue;
    if (insOf(x.c) === 0xa4 || out.length === 0) out.push([]);
    out[out.length - 1]!.push(x);
  }
  return out;
}
