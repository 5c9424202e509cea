/**
 * Demo mode's seam: the virtual readers hold cards from a `DemoCards` provider that the composition root
 * (the Electron main process, `chipid serve`) passes in. The service never imports the virtual card: the
 * provider (electron/vcard/demo-cards.ts) lives with the test keys, outside the production layers.
 */
import type { CardChannel } from '../emrtd/channel.js';

export interface DemoCards {
  /** The card profiles a virtual reader can hold (e.g. 'cccd-2021'). */
  readonly profiles: readonly string[];
  /** The TEST CSCA (DER) that signs the demo cards: trusted in memory, in demo mode only. */
  trustAnchor(): Uint8Array;
  /**
   * Places a card of `profile` on the reader and returns its channel. The same profile again on the same
   * reader is the same chip (keys, EF.SOD) placed back, so an interrupted read resumes; another profile is
   * a fresh chip.
   */
  insert(readerId: string, profile: string, readerName: string): CardChannel;
  /** Lifts the reader's card: its channel fails with CARD_REMOVED until the card is placed again. */
  remove(readerId: string): void;
}

/** Demo mode: how many virtual readers, with which profiles, from which provider. */
export interface DemoOptions {
  cards: DemoCards;
  /** Number of virtual readers (default 2). */
  readers?: number;
  /** The readers' initial profiles, in turn (default: cccd-2021, cccd-2024). */
  profiles?: string[];
}
