/**
 * One reader's read session: waiting for card → key needed → reading(step, bytes) → verifying → result |
 * error. A card lifted mid-read and tapped again resumes without re-reading finished data groups; the
 * chip's identity is checked (EF.SOD must be identical) so a session never mixes two cards.
 */
import { EventEmitter } from 'node:events';
import { ForwardingChannel, type CardChannel } from '../emrtd/channel.js';
import { ChipIdError, asChipIdError } from '../emrtd/errors.js';
import { ReadFailure, type RawFiles } from '../emrtd/read.js';
import type { ReadCapabilities, ReadStrategy } from '../emrtd/files.js';
import type { IssuerSource } from '../pki/chain.js';
import type { Rng } from '../emrtd/bytes.js';
import type { ErrorInfo, KeyInput, ProgressView, SessionState } from '../contract/types.js';
import { planKeys, type KeyPlan } from './access-keys.js';
import { readCard, type ReadCardResult } from './read-card.js';

export interface SessionEvents {
  state: [SessionState];
  progress: [ProgressView];
  /** A finished read (verified or not), before it becomes a result view. */
  finished: [{ res: ReadCardResult; plan: KeyPlan; photo: boolean }];
}

export interface SessionDeps {
  rng: Rng;
  /** Opens an exclusive channel to the card in this reader. */
  connect: () => Promise<CardChannel>;
  /** Releases the channel after a read. */
  release: (ch: CardChannel) => Promise<void>;
  /** Capabilities learnt for this reader + card (kept by the manager per reader/ATR). */
  capabilities: () => ReadCapabilities;
  /** How long an interrupted read may be resumed by a re-tap (default 2 minutes). */
  resumeWindowMs?: number;
  now?: () => number;
  trust?: IssuerSource;
  strategy?: ReadStrategy;
}

export const errorInfo = (e: ChipIdError): ErrorInfo => ({ code: e.code, message: e.messageEn, messageVi: e.messageVi });

/** Wraps a channel so a cancel makes the next exchange fail with CANCELLED. */
class CancellableChannel extends ForwardingChannel {
  cancelled = false;
  override transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.cancelled) return Promise.reject(new ChipIdError('CANCELLED', 'read cancelled'));
    return super.transmit(apdu);
  }
}

export class ReaderSession extends EventEmitter<SessionEvents> {
  private s: SessionState = { state: 'waiting' };
  private cardPresent = false;
  private pending: { plan: KeyPlan; photo: boolean } | undefined;
  private resume: { files: RawFiles; partialFile?: { fid: number; bytes: Uint8Array }; plan: KeyPlan; photo: boolean; at: number } | undefined;
  private running: CancellableChannel | undefined;
  private runSeq = 0;

  constructor(private readonly deps: SessionDeps) {
    super();
  }

  get state(): SessionState {
    return this.s;
  }

  private set(s: SessionState): void {
    this.s = s;
    this.emit('state', s);
  }

  /** The reader reports a card. Starts a pending or resumable read, else asks for a key. */
  cardInserted(): void {
    this.cardPresent = true;
    const now = (this.deps.now ?? Date.now)();
    if (this.resume && now - this.resume.at <= (this.deps.resumeWindowMs ?? 120_000)) {
      void this.run(this.resume.plan, this.resume.photo);
      return;
    }
    this.resume = undefined;
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      void this.run(p.plan, p.photo);
      return;
    }
    if (this.s.state !== 'reading') this.set({ state: 'key_needed', pace: true });
  }

  /** The card left the reader: a running read fails (resumable); a shown result is cleared. */
  cardRemoved(): void {
    this.cardPresent = false;
    if (this.s.state === 'result' || this.s.state === 'key_needed' || (this.s.state === 'error' && !this.s.resumable)) {
      this.set({ state: 'waiting' });
    }
  }

  /** Staff gave a key: read now if a card is present, else as soon as one is. */
  start(key: KeyInput, photo = true): void {
    const plan = planKeys(key);
    if (this.s.state === 'reading' || this.s.state === 'verifying') throw new ChipIdError('READER_BUSY', 'a read is already running on this reader');
    this.resume = undefined;
    if (!this.cardPresent) {
      this.pending = { plan, photo };
      this.set({ state: 'waiting' });
      return;
    }
    void this.run(plan, photo);
  }

  cancel(): boolean {
    this.pending = undefined;
    this.resume = undefined;
    const r = this.running;
    if (r) r.cancelled = true;
    const had = r !== undefined || this.s.state !== 'waiting';
    this.set(this.cardPresent ? { state: 'key_needed', pace: true } : { state: 'waiting' });
    return had;
  }

  /** Clears a shown result (idle timeout): personal data leaves the screen. */
  clear(): void {
    if (this.s.state === 'result' || this.s.state === 'error') this.set(this.cardPresent ? { state: 'key_needed', pace: true } : { state: 'waiting' });
  }

  private async run(plan: KeyPlan, photo: boolean): Promise<void> {
    const seq = ++this.runSeq;
    const resume = this.resume;
    this.resume = undefined;
    this.set({ state: 'reading', progress: { step: 'connect', index: 0, count: 1 } });
    let ch: CardChannel | undefined;
    try {
      ch = await this.deps.connect();
      const cc = new CancellableChannel(ch);
      this.running = cc;
      const res = await readCard(cc, {
        plan,
        rng: this.deps.rng,
        photo,
        capabilities: this.deps.capabilities(),
        ...(this.deps.trust ? { trust: this.deps.trust } : {}),
        ...(this.deps.strategy ? { strategy: this.deps.strategy } : {}),
        ...(resume ? { resume: { files: resume.files, ...(resume.partialFile ? { partialFile: resume.partialFile } : {}) } } : {}),
        onProgress: (p) => {
          if (seq !== this.runSeq) return;
          const view: ProgressView = { step: p.step, index: p.index, count: p.count, steps: [...p.steps], ...(p.bytesRead !== undefined ? { bytesRead: p.bytesRead } : {}), ...(p.bytesTotal !== undefined ? { bytesTotal: p.bytesTotal } : {}) };
          if (p.step === 'verify') this.set({ state: 'verifying' });
          else {
            this.s = { state: 'reading', progress: view };
            this.emit('progress', view);
          }
        },
      });
      if (seq !== this.runSeq) return;
      this.emit('finished', { res, plan, photo });
    } catch (e) {
      if (seq !== this.runSeq) return;
      const err = asChipIdError(e);
      if (err.code === 'CANCELLED') return;
      // On a resume, a key that opened this reader's card a moment ago being refused means another card.
      if (err.code === 'WRONG_CARD' || (resume && err.code === 'ACCESS_DENIED')) {
        // Another card was tapped: never mix two cards. Start over for this one.
        this.set({ state: 'key_needed', pace: true });
        return;
      }
      const lost = err.code === 'CARD_REMOVED' || err.code === 'TRANSPORT_LOST' || err.code === 'TIMEOUT';
      if (lost && e instanceof ReadFailure && (e.partial.sod || e.partial.com)) {
        this.resume = { files: e.partial, ...(e.partialFile ? { partialFile: e.partialFile } : {}), plan, photo, at: (this.deps.now ?? Date.now)() };
      }
      this.set({ state: 'error', error: errorInfo(err), resumable: this.resume !== undefined });
    } finally {
      if (seq === this.runSeq) this.running = undefined;
      if (ch) await this.deps.release(ch).catch(() => undefined);
    }
  }

  /** The service turned the finished read into a result (or an error). */
  showResult(s: SessionState): void {
    this.set(s);
  }
}
