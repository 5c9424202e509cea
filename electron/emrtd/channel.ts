/**
 * The one transport primitive (`transmit`) behind which PC/SC, the in-process virtual card, transcript
 * replay and the hostile test chip all sit.
 */

export interface CardChannel {
  /** Sends one raw command APDU and returns the raw response (data + SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Human-readable reader name, for logs and events (never personal data). */
  readonly readerName: string;
  /** The card's ATR, when known. */
  readonly atr?: Uint8Array;
  /** True when the reader and card accept extended-length APDUs, if known (from ATR or a probe). */
  extendedLength?: boolean;
}

/** The chip side: what a virtual card implements. Synchronous, pure. */
export interface CardApplet {
  readonly atr: Uint8Array;
  /** Handles one command APDU, returns the raw response. Never throws: errors become status words. */
  process(apdu: Uint8Array): Uint8Array;
  /** Power cycle / card removed: drop session state. */
  reset(): void;
}

/** A channel that forwards to another: the base of recording, cancellable and fault-injecting wrappers. */
export class ForwardingChannel implements CardChannel {
  constructor(protected readonly inner: CardChannel) {}
  get readerName(): string {
    return this.inner.readerName;
  }
  get atr(): Uint8Array | undefined {
    return this.inner.atr;
  }
  get extendedLength(): boolean | undefined {
    return this.inner.extendedLength;
  }
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return this.inner.transmit(apdu);
  }
}
