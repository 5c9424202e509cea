/**
 * The vpcd bridge: serves a `CardApplet` to the vsmartcard `vpcd` reader driver (libifdvpcd) over TCP,
 * so a virtual card shows up as a real PC/SC reader with a card in it.
 *
 * Wire protocol (vsmartcard "virtual smart card" protocol): every message in both directions is a frame of a
 * 2-byte big-endian length followed by the payload. vpcd → card: a 1-byte payload is a control code
 * (00 power off, 01 power on, 02 reset, 04 "send the ATR"); anything longer is a command APDU. Only 04 and APDUs
 * get an answer (a normal frame). vpcd writes the length and the payload with two separate send() calls, so
 * frames are reassembled from arbitrary TCP chunks here. The connection open = card inserted; closed = removed.
 *
 * Facts about vpcd 3.3 (Debian vsmartcard-vpcd) that shape this module:
 * - each reader.conf line gives 2 slots; slot n listens on CHANNELID + n (0.0.0.0, backlog 0, one client).
 * - pcscd polls presence every ~400 ms by asking for the ATR (control 04), so the card sees ATR requests often.
 * - vpcd has no receive timeout: a card that never answers blocks that reader inside pcscd until the socket closes.
 * - a frame carries at most 65535 bytes, so the longest response is 65533 data bytes + SW1 SW2.
 */
import { Socket, connect as netConnect } from 'node:net';
import type { CardApplet } from '../electron/emrtd/channel.js';
import { toHex } from '../electron/emrtd/bytes.js';

export const VPCD_DEFAULT_PORT = 35963;
export const VPCD_MAX_FRAME = 0xffff;

export const VPCD_CTRL = { OFF: 0x00, ON: 0x01, RESET: 0x02, ATR: 0x04 } as const;

export type VpcdLogger = (msg: string) => void;

export interface VpcdOptions {
  host?: string;
  /** TCP port of the vpcd slot: CHANNELID + slot (default 35963). */
  port?: number;
  /** Headers and status words only; APDU data is never logged. */
  logger?: VpcdLogger;
  /** Latency model: milliseconds to wait before answering an APDU (0 or less = answer at once). */
  delayMs?: (apdu: Uint8Array, resp: Uint8Array) => number;
  /** First reconnect delay; doubles up to `maxReconnectMs` (defaults 50 ms and 1000 ms). */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /**
   * Pause after vpcd drops an established connection before reconnecting (default 1000 ms). pcscd polls presence
   * every ~400 ms; a card that comes back sooner is never seen as removed, and pcscd keeps reporting the reader
   * EMPTY after a failed transmit while believing the card is still there.
   */
  reinsertDelayMs?: number;
  /**
   * Called for every APDU before the applet sees it. Return 'answer' (default), 'drop' (close the connection
   * without answering: the card is lifted mid-exchange) or 'stall' (never answer). For tests and fault drills.
   */
  onApdu?: (apdu: Uint8Array) => 'answer' | 'drop' | 'stall';
  /** Called when the TCP connection to vpcd comes up (true) or goes down (false). */
  onState?: (connected: boolean) => void;
}

export interface VpcdAttachment {
  /** Stops reconnecting and closes the connection (= card removed). Resolves when the socket is closed. */
  detach(): Promise<void>;
  /** Starts connecting again after a detach (= card inserted). Resolves when connected. */
  reattach(): Promise<void>;
  /** Resolves when the current (or next) connection to vpcd is up. */
  readonly connected: Promise<void>;
  /** True while a TCP connection to vpcd is open. */
  readonly isConnected: boolean;
}

/** Incremental decoder for 2-byte-length frames; tolerates any split of the TCP stream. */
export class FrameDecoder {
  private buf: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.buf.length === 0) this.buf = chunk;
    else {
      const merged = new Uint8Array(this.buf.length + chunk.length);
      merged.set(this.buf, 0);
      merged.set(chunk, this.buf.length);
      this.buf = merged;
    }
    const frames: Uint8Array[] = [];
    let off = 0;
    while (this.buf.length - off >= 2) {
      const len = (this.buf[off]! << 8) | this.buf[off + 1]!;
      if (this.buf.length - off - 2 < len) break;
      frames.push(this.buf.slice(off + 2, off + 2 + len));
      off += 2 + len;
    }
    this.buf = off === 0 ? this.buf : this.buf.slice(off);
    return frames;
  }

  get pending(): number {
    return this.buf.length;
  }

  clear(): void {
    this.buf = new Uint8Array(0);
  }
}

/** Encodes one frame. Throws RangeError above 65535 bytes. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_FRAME) throw new RangeError(`vpcd frame of ${payload.length} bytes exceeds 65535`);
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

const header = (apdu: Uint8Array): string => toHex(apdu.subarray(0, Math.min(4, apdu.length)));
const swOf = (r: Uint8Array): string => (r.length >= 2 ? toHex(r.subarray(r.length - 2)) : '----');
const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Answers one vpcd frame on `s`: a control byte (power off/on, reset, ATR) or an APDU for the applet. */
async function answerFrame(applet: CardApplet, opts: VpcdOptions, log: VpcdLogger, s: Socket, frame: Uint8Array): Promise<void> {
  if (frame.length === 1) return answerControl(applet, log, s, frame[0]!);
  const action = opts.onApdu?.(frame) ?? 'answer';
  if (action === 'drop') {
    log(`vpcd APDU ${header(frame)} dropped: closing connection`);
    s.destroy();
    return;
  }
  if (action === 'stall') {
    log(`vpcd APDU ${header(frame)} stalled`);
    return;
  }
  let resp = applet.process(frame);
  if (resp.length > VPCD_MAX_FRAME) {
    log(`vpcd response of ${resp.length} bytes does not fit a frame: answering 6F00`);
    resp = Uint8Array.of(0x6f, 0x00);
  }
  const wait = opts.delayMs?.(frame, resp) ?? 0;
  if (wait > 0) await sleep(wait);
  log(`vpcd APDU ${header(frame)} → SW ${swOf(resp)} (${resp.length - 2} bytes)`);
  if (!s.destroyed) s.write(encodeFrame(resp));
}

function answerControl(applet: CardApplet, log: VpcdLogger, s: Socket, code: number): void {
  switch (code) {
    case VPCD_CTRL.OFF:
    case VPCD_CTRL.ON:
    case VPCD_CTRL.RESET:
      applet.reset();
      return;
    case VPCD_CTRL.ATR:
      s.write(encodeFrame(applet.atr));
      return;
    default:
      log(`vpcd unknown control byte ${code.toString(16)}`);
  }
}

/** One applet's link to vpcd: connects, reconnects with backoff, and answers frames in order. */
class VpcdLink implements VpcdAttachment {
  private readonly host: string;
  private readonly port: number;
  private readonly log: VpcdLogger;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private readonly reinsertDelay: number;
  private wanted = true;
  private socket: Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private closedWaiters: (() => void)[] = [];
  private connectedResolve: (() => void) | undefined;
  private connectedPromise!: Promise<void>;

  constructor(
    private readonly applet: CardApplet,
    private readonly opts: VpcdOptions,
  ) {
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? VPCD_DEFAULT_PORT;
    this.log = opts.logger ?? ((): void => undefined);
    this.baseDelay = opts.reconnectMs ?? 50;
    this.maxDelay = opts.maxReconnectMs ?? 1000;
    this.reinsertDelay = opts.reinsertDelayMs ?? 1000;
    this.delay = this.baseDelay;
    this.freshConnectedPromise();
    this.open();
  }

  get connected(): Promise<void> {
    return this.connectedPromise;
  }

  get isConnected(): boolean {
    return this.socket !== undefined && !this.socket.connecting && !this.socket.destroyed;
  }

  async detach(): Promise<void> {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const wasUp = this.socket !== undefined && !this.socket.connecting;
    await this.closeSocket();
    if (wasUp) this.freshConnectedPromise();
  }

  async reattach(): Promise<void> {
    if (!this.wanted) {
      this.wanted = true;
      this.delay = this.baseDelay;
      this.open();
    }
    await this.connectedPromise;
  }

  private freshConnectedPromise(): void {
    this.connectedPromise = new Promise((res) => (this.connectedResolve = res));
  }

  private scheduleRetry(afterDrop: boolean): void {
    if (!this.wanted || this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.open();
      },
      afterDrop ? Math.max(this.delay, this.reinsertDelay) : this.delay,
    );
    this.delay = Math.min(this.delay * 2, this.maxDelay);
  }

  private open(): void {
    if (!this.wanted || this.socket) return;
    const { host, port, log } = this;
    const s = netConnect({ host, port });
    this.socket = s;
    s.setNoDelay(true);
    const decoder = new FrameDecoder();
    // Frames are handled strictly in order: vpcd waits for each answer, but a delayed answer must not be overtaken.
    let chain: Promise<void> = Promise.resolve();
    const link = { alive: true, wasConnected: false };

    s.on('connect', () => {
      link.wasConnected = true;
      this.delay = this.baseDelay;
      log(`vpcd ${host}:${port} connected`);
      this.connectedResolve?.();
      this.opts.onState?.(true);
    });
    s.on('data', (chunk: Buffer) => {
      const frames = decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      for (const f of frames) chain = chain.then(() => (link.alive ? answerFrame(this.applet, this.opts, log, s, f) : undefined));
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNREFUSED') log(`vpcd ${host}:${port} socket error ${e.code ?? e.message}`);
    });
    s.on('close', () => {
      link.alive = false;
      decoder.clear();
      this.closed(s, link.wasConnected);
    });
  }

  /** The connection `s` ended: reset the card, wake detach(), and reconnect unless detached. */
  private closed(s: Socket, wasConnected: boolean): void {
    if (this.socket === s) this.socket = undefined;
    this.applet.reset();
    if (wasConnected) this.opts.onState?.(false);
    const waiters = this.closedWaiters;
    this.closedWaiters = [];
    for (const w of waiters) w();
    if (this.wanted) {
      // A connection that was up means the card was "removed" by vpcd; the next connection is a new insertion.
      if (wasConnected) this.freshConnectedPromise();
      this.scheduleRetry(wasConnected);
    }
  }

  private closeSocket(): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.resolve();
    return new Promise((res) => {
      this.closedWaiters.push(res);
      s.destroy();
    });
  }
}

/**
 * Connects `applet` to vpcd and keeps it connected (reconnecting with backoff) until `detach()`.
 * The applet is reset on power off/on/reset and whenever the connection drops.
 */
export function attachToVpcd(applet: CardApplet, opts: VpcdOptions = {}): VpcdAttachment {
  return new VpcdLink(applet, opts);
}
