/**
 * In-process channel to a virtual card, with an optional latency model: a fixed chip time per APDU plus
 * every byte at the contactless link rate (default 424 kbit/s). The model accumulates *modelled* card
 * time; it only sleeps when asked to (`sleep: true`), so benchmarks stay fast and deterministic.
 */
import type { CardApplet, CardChannel } from '../emrtd/channel.js';
import { ChipIdError } from '../emrtd/errors.js';

export interface LatencyModel {
  /** Link rate in bit/s (ISO 14443 at 424 kbit/s by default). */
  bitsPerSecond: number;
  /** Fixed chip processing time per APDU, in ms. */
  perApduMs: number;
  /** Extra chip time for public-key steps (GENERAL AUTHENTICATE, MSE:Set KAT, INTERNAL AUTHENTICATE), ms. */
  publicKeyOpMs: number;
}

export const DEFAULT_LATENCY: LatencyModel = { bitsPerSecond: 424_000, perApduMs: 4, publicKeyOpMs: 60 };

/** Modelled time of one exchange. */
export function modelledMs(m: LatencyModel, cmd: Uint8Array, resp: Uint8Array): number {
  const ins = cmd[1] ?? 0;
  const pk = ins === 0x86 || ins === 0x88 || (ins === 0x22 && (cmd[2] === 0x41 || cmd[2] === 0xc1) && cmd[3] === 0xa6);
  return m.perApduMs + ((cmd.length + resp.length) * 8 * 1000) / m.bitsPerSecond + (pk ? m.publicKeyOpMs : 0);
}

export class VirtualChannel implements CardChannel {
  readonly readerName: string;
  readonly atr: Uint8Array;
  extendedLength: boolean;
  /** Modelled card time so far (ms). */
  modelledMs = 0;
  /** Real CPU time spent inside the virtual card (so benchmarks can subtract it from host time). */
  cardCpuMs = 0;
  private removed = false;

  constructor(
    private readonly card: CardApplet,
    opts: { readerName?: string; latency?: LatencyModel; sleep?: boolean; extendedLength?: boolean } = {},
  ) {
    this.readerName = opts.readerName ?? 'ChipID virtual reader';
    this.atr = card.atr;
    this.extendedLength = opts.extendedLength ?? true;
    this.latency = opts.latency;
    this.sleep = opts.sleep ?? false;
  }
  private readonly latency: LatencyModel | undefined;
  private readonly sleep: boolean;

  /** Simulates lifting the card: later transmits fail with CARD_REMOVED until `insert()`. */
  remove(): void {
    this.removed = true;
    this.card.reset();
  }

  insert(): void {
    this.removed = false;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.removed) throw new ChipIdError('CARD_REMOVED', 'virtual card removed');
    const t0 = performance.now();
    const resp = this.card.process(apdu);
    this.cardCpuMs += performance.now() - t0;
    if (this.latency) {
      const ms = modelledMs(this.latency, apdu, resp);
      this.modelledMs += ms;
      if (this.sleep) await new Promise((r) => setTimeout(r, ms));
    }
    return resp;
  }
}
