/**
 * ReaderWatcher: follows every PC/SC reader and card, and survives pcscd being absent, killed or restarted.
 *
 * pcsclite facts this relies on (lib/pcsclite.js, src/*.cpp of pcsclite 1.0.1):
 * - `pcsclite()` throws synchronously when SCardEstablishContext fails (pcscd not running).
 * - when pcscd dies, the PnP thread's SCardGetStatusChange fails: the PCSCLite emits 'error' once and stops;
 *   every CardReader emits 'error' (no listener = uncaught exception = crash) and then 'end'.
 * - close() always provokes one late 'error' ("Command cancelled"): errors from a retired instance are ignored.
 * - closing the PCSCLite and every CardReader releases their uv handles, so the process can exit.
 */
import { EventEmitter } from 'node:events';
import { ChipIdError, type ErrorCode } from '../electron/emrtd/errors.js';
import { toHex } from '../electron/emrtd/bytes.js';
import { SCARD, loadPcscLite, usePcscSocket, type NativePcsc, type NativePcscFactory, type NativeReader } from './pcsc-native.js';
import { PcscChannel, type PcscChannelOptions, type PcscLogger } from './pcsc-channel.js';

export interface ReaderInfo {
  name: string;
  cardPresent: boolean;
  atr?: Uint8Array;
}

export interface ReaderWatcherEvents {
  'reader-added': [{ name: string }];
  'reader-removed': [{ name: string }];
  'card-inserted': [{ reader: string; atr: Uint8Array }];
  'card-removed': [{ reader: string }];
  /** Emitted only when someone listens (an unheard 'error' would crash the process). */
  error: [{ code: ErrorCode; error: ChipIdError }];
  /** PC/SC service availability changed. */
  status: [{ available: boolean; error?: ChipIdError }];
}

export interface ReaderWatcherOptions {
  logger?: PcscLogger;
  /** pcscd socket (sets PCSCLITE_CSOCK_NAME; process-wide and fixed at the first PC/SC call). */
  socketPath?: string;
  /** Reconnect backoff bounds while pcscd is unavailable (defaults 200 ms and 5000 ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Options for channels opened by connect(). */
  channel?: PcscChannelOptions;
  /** Injected addon factory (tests); defaults to the real pcsclite. */
  factory?: NativePcscFactory;
}

interface ReaderEntry {
  native: NativeReader;
  present: boolean;
  eventCount: number;
  atr?: Uint8Array;
  channel?: PcscChannel;
}

export class ReaderWatcher extends EventEmitter<ReaderWatcherEvents> {
  private pcsc: NativePcsc | undefined;
  private readonly entries = new Map<string, ReaderEntry>();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private started = false;
  private closed = false;
  private availableState: boolean | undefined;
  private readonly log: PcscLogger;

  constructor(private readonly opts: ReaderWatcherOptions = {}) {
    super();
    this.retryDelay = opts.retryMinMs ?? 200;
    this.log = opts.logger ?? ((): void => undefined);
    if (opts.socketPath !== undefined) usePcscSocket(opts.socketPath);
  }

  /** Starts watching. Availability is reported through 'status' (and 'error' when unavailable). */
  start(): this {
    if (this.started || this.closed) return this;
    this.started = true;
    this.attempt();
    return this;
  }

  /** True when pcscd answered; undefined before the first attempt. */
  get available(): boolean | undefined {
    return this.availableState;
  }

  readers(): ReaderInfo[] {
    return [...this.entries.entries()].map(([name, e]) => ({
      name,
      cardPresent: e.present,
      ...(e.atr ? { atr: e.atr } : {}),
    }));
  }

  /** Opens an exclusive channel to the card in `readerName`. */
  async connect(readerName: string, opts: PcscChannelOptions = {}): Promise<PcscChannel> {
    if (this.closed) throw new ChipIdError('PCSC_UNAVAILABLE', 'reader watcher is closed');
    if (!this.pcsc) throw new ChipIdError('PCSC_UNAVAILABLE', 'PC/SC service not available');
    const e = this.entries.get(readerName);
    if (!e) throw new ChipIdError('NO_READER', `no reader named "${readerName}"`);
    if (e.channel?.isOpen) throw new ChipIdError('READER_BUSY', `"${readerName}" is already in use by this process`);
    const merged: PcscChannelOptions = { logger: this.log, ...this.opts.channel, ...opts };
    const ch = await PcscChannel.open(e.native, e.atr, merged, () => {
      if (e.channel === ch) e.channel = undefined;
    });
    e.channel = ch;
    return ch;
  }

  /** Releases every native resource; the process can exit afterwards. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const channels = [...this.entries.values()].flatMap((e) => (e.channel ? [e.channel] : []));
    await Promise.all(channels.map((c) => c.disconnect('reset')));
    this.retire(false);
  }

  // ---- internals ----

  private attempt(): void {
    this.retryTimer = undefined;
    if (this.closed) return;
    let p: NativePcsc;
    try {
      p = (this.opts.factory ?? loadPcscLite())();
    } catch (e) {
      this.unavailable(e);
      return;
    }
    this.pcsc = p;
    p.on('error', (err: unknown) => {
      if (this.pcsc !== p || this.closed) return; // late error of a retired instance (close → "Command cancelled")
      this.retire(true);
      this.unavailable(err);
    });
    p.on('reader', (r: NativeReader) => this.addReader(p, r));
    this.retryDelay = this.opts.retryMinMs ?? 200;
    this.setAvailable(true);
  }

  private unavailable(cause: unknown): void {
    const err =
      cause instanceof ChipIdError && cause.code === 'PCSC_UNAVAILABLE'
        ? cause
        : new ChipIdError('PCSC_UNAVAILABLE', `PC/SC service unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
            cause,
          });
    this.setAvailable(false, err);
    if (this.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.opts.retryMaxMs ?? 5000);
    this.log(`pcsc unavailable, retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => this.attempt(), delay);
  }

  private setAvailable(available: boolean, error?: ChipIdError): void {
    const changed = this.availableState !== available;
    this.availableState = available;
    if (!changed) return;
    this.log(`pcsc ${available ? 'available' : `unavailable: ${error?.message ?? ''}`}`);
    this.emit('status', error ? { available, error } : { available });
    if (error && this.listenerCount('error') > 0) this.emit('error', { code: error.code, error });
  }

  /** Drops the current PCSCLite and its readers, announcing removals when `announce`. */
  private retire(announce: boolean): void {
    const p = this.pcsc;
    this.pcsc = undefined;
    for (const [name, e] of [...this.entries]) {
      e.channel?.invalidate('TRANSPORT_LOST', 'PC/SC service lost');
      this.dropReader(name, announce);
      try {
        e.native.close();
      } catch (err) {
        this.log(`pcsc reader close "${name}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (p) {
      try {
        p.close();
      } catch (err) {
        this.log(`pcsc close: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private dropReader(name: string, announce: boolean): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    e.channel?.invalidate('TRANSPORT_LOST', 'reader removed');
    if (!announce) return;
    if (e.present) this.emit('card-removed', { reader: name });
    this.emit('reader-removed', { name });
  }

  private addReader(p: NativePcsc, r: NativeReader): void {
    const name = r.name;
    // Must be attached synchronously: an unheard CardReader 'error' is an uncaught exception.
    r.on('error', (err: unknown) => {
      this.log(`pcsc reader "${name}" status error: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (this.pcsc !== p || this.closed) {
      r.close();
      return;
    }
    const entry: ReaderEntry = { native: r, present: false, eventCount: -1 };
    this.entries.set(name, entry);
    r.on('end', () => {
      if (this.entries.get(name) === entry) this.dropReader(name, true);
    });
    r.on('status', (s: { state: number; atr?: Buffer }) => this.onStatus(name, entry, s.state, s.atr));
    this.emit('reader-added', { name });
  }

  private onStatus(name: string, e: ReaderEntry, state: number, atr: Buffer | undefined): void {
    if (this.entries.get(name) !== e) return;
    const present = (state & SCARD.STATE_PRESENT) !== 0 && (state & SCARD.STATE_MUTE) === 0;
    const count = (state >>> 16) & 0xffff;
    const atrBytes = atr && atr.length > 0 ? new Uint8Array(atr) : undefined;
    // A card swapped between two polls: still present, but the event counter or the ATR moved on.
    const swapped =
      e.present &&
      present &&
      ((e.eventCount >= 0 && count !== e.eventCount && count !== 0) ||
        (atrBytes !== undefined && e.atr !== undefined && toHex(atrBytes) !== toHex(e.atr)));
    e.eventCount = count;
    if (e.present && (!present || swapped)) {
      e.present = false;
      e.atr = undefined;
      e.channel?.invalidate('CARD_REMOVED', 'card removed');
      this.emit('card-removed', { reader: name });
    }
    if (!e.present && present) {
      e.present = true;
      e.atr = atrBytes ?? new Uint8Array(0);
      this.emit('card-inserted', { reader: name, atr: e.atr });
    }
  }
}
