/** `PcscChannel`: one exclusive PC/SC connection to a card over pcsclite, implementing CardChannel. */
import type { CardChannel } from '../electron/emrtd/channel.js';
import { ChipIdError, type ErrorCode } from '../electron/emrtd/errors.js';
import { toHex } from '../electron/emrtd/bytes.js';
import { SCARD, mapPcscError, type NativeReader } from './pcsc-native.js';

/** Largest response we accept: 65536 data bytes + SW1 SW2 (extended Le = 0000). */
export const MAX_RESPONSE = 65538;

export type PcscLogger = (msg: string) => void;

/**
 * Extended Lc/Le support announced in the ATR historical bytes: card capabilities (compact-TLV tag 7,
 * ISO/IEC 7816-4 §8.1.1.2.7), third software function table byte, bit 0x40. `undefined` = the ATR does not say.
 */
export function atrExtendedLength(atr: Uint8Array): boolean | undefined {
  if (atr.length < 2) return undefined;
  const t0 = atr[1]!;
  const k = t0 & 0x0f;
  let y = t0 >> 4;
  let i = 2;
  for (;;) {
    i += (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1); // TA, TB, TC
    if (!(y & 8)) break;
    const td = atr[i];
    if (td === undefined) return undefined;
    i++;
    y = td >> 4;
  }
  if (i + k > atr.length || k === 0) return undefined;
  const hist = atr.subarray(i, i + k);
  let tlv: Uint8Array;
  if (hist[0] === 0x80) tlv = hist.subarray(1);
  else if (hist[0] === 0x00 && hist.length >= 4) tlv = hist.subarray(1, hist.length - 3);
  else return undefined;
  for (let p = 0; p < tlv.length; ) {
    const tag = tlv[p]! >> 4;
    const len = tlv[p]! & 0x0f;
    if (p + 1 + len > tlv.length) return undefined;
    if (tag === 7) return len >= 3 ? (tlv[p + 3]! & 0x40) !== 0 : false;
    p += 1 + len;
  }
  return undefined;
}

export type Disposition = 'leave' | 'reset' | 'unpower';
const DISPOSITION: Record<Disposition, number> = {
  leave: SCARD.LEAVE_CARD,
  reset: SCARD.RESET_CARD,
  unpower: SCARD.UNPOWER_CARD,
};

export interface PcscChannelOptions {
  /** Bound on one transmit (default 15 s). vpcd and some drivers never time out by themselves. */
  timeoutMs?: number;
  /** Bound on SCardConnect (power up, ATR, protocol negotiation; default 10 s). */
  connectTimeoutMs?: number;
  logger?: PcscLogger;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new ChipIdError('TIMEOUT', `${what}: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

/** One exclusive connection to the card in one reader. Transmits are serialised. */
export class PcscChannel implements CardChannel {
  readonly readerName: string;
  readonly atr?: Uint8Array;
  extendedLength?: boolean;
  /** Negotiated protocol. */
  readonly protocol: 'T=0' | 'T=1';
  private readonly nativeProtocol: number;
  private queue: Promise<unknown> = Promise.resolve();
  private broken: ChipIdError | undefined;
  private closed = false;
  private onClose: (() => void) | undefined;

  private constructor(
    private readonly reader: NativeReader,
    protocol: number,
    atr: Uint8Array | undefined,
    private readonly opts: PcscChannelOptions,
  ) {
    this.readerName = reader.name;
    this.nativeProtocol = protocol;
    this.protocol = protocol === SCARD.PROTOCOL_T0 ? 'T=0' : 'T=1';
    if (atr) {
      this.atr = atr;
      const ext = atrExtendedLength(atr);
      if (ext !== undefined) this.extendedLength = ext;
    }
  }

  /** Connects with SCARD_SHARE_EXCLUSIVE, offering T=0 and T=1. Used by ReaderWatcher.connect. */
  static async open(
    reader: NativeReader,
    atr: Uint8Array | undefined,
    opts: PcscChannelOptions = {},
    onClose?: () => void,
  ): Promise<PcscChannel> {
    if (reader.connected) {
      // A previous handle survived a failed disconnect; pcsclite would "connect" without a protocol.
      await new Promise<void>((res) => reader.disconnect(SCARD.LEAVE_CARD, () => res()));
      if (reader.connected) throw new ChipIdError('TRANSPORT_LOST', `PC/SC connect on "${reader.name}": stale handle`);
    }
    const protocol = await withTimeout(
      new Promise<number>((resolve, reject) => {
        reader.connect(
          { share_mode: SCARD.SHARE_EXCLUSIVE, protocol: SCARD.PROTOCOL_T0 | SCARD.PROTOCOL_T1 },
          (err, proto) => {
            if (err) reject(mapPcscError(err, 'connect', reader.name));
            else if (proto === undefined) reject(new ChipIdError('TRANSPORT_LOST', 'PC/SC connect: no protocol'));
            else resolve(proto);
          },
        );
      }),
      opts.connectTimeoutMs ?? 10_000,
      `PC/SC connect on "${reader.name}"`,
    );
    const ch = new PcscChannel(reader, protocol, atr, opts);
    ch.onClose = onClose;
    opts.logger?.(`pcsc connected "${reader.name}" ${ch.protocol} exclusive, extendedLength=${String(ch.extendedLength)}`);
    return ch;
  }

  get isOpen(): boolean {
    return !this.closed && this.broken === undefined;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const run = (): Promise<Uint8Array> => this.transmitNow(apdu);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private transmitNow(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new ChipIdError('TRANSPORT_LOST', 'PC/SC channel is closed'));
    if (this.broken) return Promise.reject(this.broken);
    const head = toHex(apdu.subarray(0, Math.min(4, apdu.length)));
    const t0 = process.hrtime.bigint();
    const ms = this.opts.timeoutMs ?? 15_000;
    const once = new Promise<Uint8Array>((resolve, reject) => {
      this.reader.transmit(Buffer.from(apdu), MAX_RESPONSE, this.nativeProtocol, (err, resp) => {
        if (err || !resp) reject(mapPcscError(err ?? new Error('no response'), 'transmit', this.readerName));
        // vpcd (and some drivers) report success with 0 bytes when the card vanished mid-exchange.
        else if (resp.length < 2)
          reject(new ChipIdError('TRANSPORT_LOST', `PC/SC transmit on "${this.readerName}": ${resp.length}-byte response, no status word`));
        else resolve(new Uint8Array(resp.buffer, resp.byteOffset, resp.byteLength));
      });
    });
    return withTimeout(once, ms, `PC/SC transmit on "${this.readerName}"`).then(
      (resp) => {
        const dt = Number(process.hrtime.bigint() - t0) / 1e6;
        const sw = resp.length >= 2 ? toHex(resp.subarray(resp.length - 2)) : '----';
        this.opts.logger?.(`pcsc ${head} → ${sw} (${resp.length} bytes, ${dt.toFixed(2)} ms)`);
        return resp;
      },
      (e: unknown) => {
        const err = e instanceof ChipIdError ? e : mapPcscError(e, 'transmit', this.readerName);
        this.opts.logger?.(`pcsc ${head} failed: ${err.code} ${err.message}`);
        // After a timeout the native call may still hold the reader: the channel is unusable from now on.
        if (err.code !== 'LIMIT_EXCEEDED') this.broken = err;
        throw err;
      },
    );
  }

  /** Marks the channel lost (reader gone, pcscd gone). Further transmits fail with `code`. */
  invalidate(code: ErrorCode, why: string): void {
    this.broken ??= new ChipIdError(code, `PC/SC channel on "${this.readerName}": ${why}`);
  }

  /**
   * Ends the exclusive connection. Default disposition 'reset' drops any secure-messaging state on the card.
   * Never throws; bounded in time even when the native call is stuck behind a hung transmit.
   */
  async disconnect(disposition: Disposition = 'reset'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    const done = new Promise<void>((res) =>
      this.reader.disconnect(DISPOSITION[disposition], (err) => {
        if (err) this.opts.logger?.(`pcsc disconnect "${this.readerName}": ${mapPcscError(err, 'disconnect').message}`);
        res();
      }),
    );
    await withTimeout(done, 3000, 'PC/SC disconnect').catch(() => undefined);
  }
}
