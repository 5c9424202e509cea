/**
 * ApduTransport: sends typed commands over a CardChannel, with secure messaging when a session is up,
 * GET RESPONSE for 61xx and a resend for 6Cxx (7816-4 §5.1.3), and counters for the stats block.
 * Logs APDU headers and status words only — never data.
 */
import { ChipIdError, isChipIdError } from './errors.js';
import { encodeCommand, decodeResponse, needsExtended, swHex, type CommandApdu, type ResponseApdu } from './apdu.js';
import type { CardChannel } from './channel.js';
import { concat } from './bytes.js';

/** What the transport needs from a secure-messaging session (3DES or AES; see sm.ts). */
export interface SmSession {
  wrapCommand(cmd: CommandApdu, extended?: boolean): Uint8Array;
  unwrapResponse(raw: Uint8Array): ResponseApdu;
}

export interface TransportStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
  /** Time spent waiting on the channel (card + reader + link). */
  cardMs: number;
}

export type ApduLogger = (entry: { dir: 'C' | 'R'; header?: string; sw?: string; len: number }) => void;

export interface TransportOptions {
  logger?: ApduLogger;
  /** Largest raw response accepted (hostile chips): default 65538 + SM overhead. */
  maxResponse?: number;
  /** Clock for stats; injected so replays stay deterministic. */
  now?: () => number;
  /** Bound on one exchange (default 20 s): a chip or driver that never answers ends in TIMEOUT. */
  timeoutMs?: number;
}

const MAX_GET_RESPONSE_ROUNDS = 64;

export class ApduTransport {
  sm: SmSession | undefined;
  readonly stats: TransportStats = { apdus: 0, bytesSent: 0, bytesReceived: 0, cardMs: 0 };
  private readonly logger: ApduLogger | undefined;
  private readonly maxResponse: number;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    readonly channel: CardChannel,
    opts: TransportOptions = {},
  ) {
    this.logger = opts.logger;
    this.maxResponse = opts.maxResponse ?? 65538 + 64;
    this.now = opts.now ?? (() => performance.now());
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  /** Sends raw bytes once; counts them; maps transport failures to typed errors. */
  async raw(apdu: Uint8Array): Promise<Uint8Array> {
    this.logger?.({ dir: 'C', header: headerHex(apdu), len: apdu.length });
    const t0 = this.now();
    let resp: Uint8Array;
    try {
      resp = await withTimeout(this.channel.transmit(apdu), this.timeoutMs);
    } catch (e) {
      if (isChipIdError(e)) throw e;
      throw new ChipIdError('TRANSPORT_LOST', 'transmit failed', { cause: e });
    } finally {
      this.stats.cardMs += this.now() - t0;
    }
    this.stats.apdus++;
    this.stats.bytesSent += apdu.length;
    this.stats.bytesReceived += resp.length;
    if (resp.length < 2) throw new ChipIdError('PROTOCOL_ERROR', `response of ${resp.length} bytes`);
    if (resp.length > this.maxResponse) throw new ChipIdError('LIMIT_EXCEEDED', `response of ${resp.length} bytes`);
    this.logger?.({ dir: 'R', sw: swHex((resp[resp.length - 2]! << 8) | resp[resp.length - 1]!), len: resp.length });
    return resp;
  }

  /** Sends raw bytes and follows 61xx with GET RESPONSE, returning the whole raw response. */
  private async rawCollect(apdu: Uint8Array): Promise<Uint8Array> {
    let resp = await this.raw(apdu);
    const parts: Uint8Array[] = [];
    for (let round = 0; resp[resp.length - 2] === 0x61; round++) {
      if (round >= MAX_GET_RESPONSE_ROUNDS) throw new ChipIdError('LIMIT_EXCEEDED', 'too many GET RESPONSE rounds');
      parts.push(resp.subarray(0, resp.length - 2));
      const le = resp[resp.length - 1]!;
      resp = await this.raw(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, le));
    }
    return parts.length ? concat(...parts, resp) : resp;
  }

  /** Sends a command (protected when a session is up) and returns data + SW. */
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    const extended = needsExtended(cmd);
    const out = this.sm ? this.sm.wrapCommand(cmd, extended) : encodeCommand(cmd);
    let resp = await this.rawCollect(out);
    let decoded = this.sm ? this.sm.unwrapResponse(resp) : decodeResponse(resp);
    if (decoded.sw >> 8 === 0x6c && cmd.ne !== undefined) {
      // 7816-4: wrong Le; SW2 gives the exact length. Resend once with it.
      const ne = decoded.sw & 0xff || 256;
      const again = { ...cmd, ne };
      resp = await this.rawCollect(this.sm ? this.sm.wrapCommand(again, false) : encodeCommand(again));
      decoded = this.sm ? this.sm.unwrapResponse(resp) : decodeResponse(resp);
    }
    return decoded;
  }

  /** Bound function form, for protocol modules that take a `Transceive`. */
  readonly transceive = (cmd: CommandApdu): Promise<ResponseApdu> => this.send(cmd);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChipIdError('TIMEOUT', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function headerHex(apdu: Uint8Array): string {
  return Array.from(apdu.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Throws the typed error for an unexpected status word. */
export function swError(sw: number, what: string): ChipIdError {
  const detail = `${what}: SW ${swHex(sw)}`;
  switch (sw) {
    case 0x6982:
      return new ChipIdError('SECURITY_NOT_SATISFIED', detail, { sw });
    case 0x6a82:
      return new ChipIdError('FILE_NOT_FOUND', detail, { sw });
    case 0x6987:
    case 0x6988:
      return new ChipIdError('SM_ERROR', detail, { sw });
    default:
      return new ChipIdError('SW_ERROR', detail, { sw });
  }
}
