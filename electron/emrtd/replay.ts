/**
 * Recording and strict replay of APDU transcripts. A transcript holds the seed of the random source used
 * during the session, so a replay regenerates the same challenges and keys and must send exactly the
 * recorded commands; the first divergence is an error that names the exchange number. Transcripts hold
 * APDU data and therefore personal data: they are for test fixtures and support cases with consent only.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equalBytes, fromHex, toHex, type Rng } from './bytes.js';
import { ForwardingChannel, type CardChannel } from './channel.js';
import { ChipIdError } from './errors.js';

export interface Transcript {
  format: 'chipid-transcript/1';
  /** Hex seed of the deterministic random source (see seededRng). */
  seed: string;
  atr?: string;
  extendedLength?: boolean;
  exchanges: { c: string; r: string }[];
}

/**
 * Deterministic random source for recordings and replays: SHA-256(seed || counter) blocks. Never use it
 * for a live session with a real card — use the platform CSPRNG there.
 */
export function seededRng(seed: Uint8Array): Rng {
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  return (n: number) => {
    while (pool.length < n) {
      const c = Uint8Array.of(counter >>> 24, (counter >> 16) & 0xff, (counter >> 8) & 0xff, counter & 0xff);
      counter++;
      pool = concat(pool, sha256(concat(seed, c)));
    }
    const out = pool.slice(0, n);
    pool = pool.slice(n);
    return out;
  };
}

/** Wraps a channel and records every exchange. */
export class RecordingChannel extends ForwardingChannel {
  readonly exchanges: { c: string; r: string }[] = [];
  constructor(
    inner: CardChannel,
    private readonly seed: Uint8Array,
  ) {
    super(inner);
  }
  override async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const r = await this.inner.transmit(apdu);
    this.exchanges.push({ c: toHex(apdu), r: toHex(r) });
    return r;
  }
  transcript(): Transcript {
    const t: Transcript = { format: 'chipid-transcript/1', seed: toHex(this.seed), exchanges: [...this.exchanges] };
    if (this.inner.atr) t.atr = toHex(this.inner.atr);
    if (this.inner.extendedLength !== undefined) t.extendedLength = this.inner.extendedLength;
    return t;
  }
}

/** Plays a transcript back: each command must equal the recorded one, byte for byte. */
export class ReplayChannel implements CardChannel {
  readonly readerName = 'transcript replay';
  readonly atr?: Uint8Array;
  extendedLength?: boolean;
  private next = 0;
  readonly rng: Rng;

  constructor(private readonly t: Transcript) {
    if (t.format !== 'chipid-transcript/1') throw new ChipIdError('PARSE_ERROR', 'not a chipid transcript');
    if (t.atr) this.atr = fromHex(t.atr);
    if (t.extendedLength !== undefined) this.extendedLength = t.extendedLength;
    this.rng = seededRng(fromHex(t.seed));
  }

  /** True when every recorded exchange has been replayed. */
  get finished(): boolean {
    return this.next === this.t.exchanges.length;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const i = this.next;
    const e = this.t.exchanges[i];
    if (!e) throw new ChipIdError('PROTOCOL_ERROR', `replay: command ${i + 1} beyond the end of the transcript`);
    if (!equalBytes(fromHex(e.c), apdu)) throw new ChipIdError('PROTOCOL_ERROR', `replay: command ${i + 1} differs from the recording`);
    this.next++;
    return fromHex(e.r);
  }
}
