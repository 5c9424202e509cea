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
