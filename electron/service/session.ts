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
import type { KeyInput, ProgressView, SessionState } from '../contract/types.js';
import { toErrorInfo } from '../contract/errors.js';
import type { TierName } from '../contract/tiers.js';
import { planKeys, type KeyPlan } from './access-keys.js';
import { readCard, type ReadCardResult } from './read-card.js';

export interface SessionEvents {
  /** Every change of the session's state, each progress step of a read included. */
  state: [SessionState];
  /** A finished read (verified or not), before it becomes a result view. */
  finished: [{ res: ReadCardResult; plan: KeyPlan; photo: boolean }];
  /** Staff cancelled a running read: nothing of it is reported, the service records the cancel. */
  cancelled: [{ step: string; elapsedMs: number }];
  /** A read stopped with an error (wrong key, card removed, reader fault): the service records it. */
  failed: [{ code: string; step: string; elapsedMs: number }];
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
  /** The tiers the reader's counter requires for `verified` (its workflow's), asked at each read. */
  requiredTiers?: () => readonly TierName[];
}

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
  /** A key given before the card, or the keys of a read lost before any file was read (with `at`). */
  private pending: { plan: KeyPlan; photo: boolean; at?: number } | undefined;
  private resume: { files: RawFiles; partialFile?: { fid: number; bytes: Uint8Array }; plan: KeyPlan; photo: boolean; at: number } | undefined;
  private running: CancellableChannel | undefined;
  /** Bumped by every run and every cancel: whatever an older run still produces is dropped. */
  private runSeq = 0;
  private runStarted = 0;
  private runStep = 'connect';

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
    const window = this.deps.resumeWindowMs ?? 120_000;
    if (this.resume && now - this.resume.at <= window) {
      void this.run(this.resume.plan, this.resume.photo);
      return;
    }
    this.resume = undefined;
    if (this.pending?.at !== undefined && now - this.pending.at > window) this.pending = undefined;
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
    this.pending = undefined;
    if (!this.cardPresent) {
      this.pending = { plan, photo };
      this.set({ state: 'waiting' });
      return;
    }
    void this.run(plan, photo);
  }

  /**
   * Stops a running read at its next APDU (the channel refuses it) and drops everything the read still
   * produces, even when no APDU is left (verifying): no result, no error. A running read is reported as
   * `cancelled`; a pending key or an interrupted read waiting for its card is forgotten.
   */
  cancel(): boolean {
    const wasRunning = this.s.state === 'reading' || this.s.state === 'verifying';
    this.pending = undefined;
    this.resume = undefined;
    this.runSeq++;
    const r = this.running;
    if (r) r.cancelled = true;
    this.running = undefined;
    const had = wasRunning || r !== undefined || this.s.state !== 'waiting';
    if (wasRunning) this.emit('cancelled', { step: this.runStep, elapsedMs: Math.max(0, (this.deps.now ?? Date.now)() - this.runStarted) });
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
    this.runStarted = (this.deps.now ?? Date.now)();
    this.runStep = 'connect';
    this.set({ state: 'reading', progress: { step: 'connect', index: 0, count: 1 } });
    let ch: CardChannel | undefined;
    try {
      ch = await this.deps.connect();
      const cc = new CancellableChannel(ch);
      // Cancelled while connecting: not one APDU.
      if (seq !== this.runSeq) cc.cancelled = true;
      else this.running = cc;
      const res = await readCard(cc, {
        plan,
        rng: this.deps.rng,
        photo,
        capabilities: this.deps.capabilities(),
        ...(this.deps.trust ? { trust: this.deps.trust } : {}),
        ...(this.deps.strategy ? { strategy: this.deps.strategy } : {}),
        ...(this.deps.requiredTiers ? { requiredTiers: this.deps.requiredTiers() } : {}),
        ...(resume ? { resume: { files: resume.files, ...(resume.partialFile ? { partialFile: resume.partialFile } : {}) } } : {}),
        onProgress: (p) => {
          if (seq !== this.runSeq) return;
          this.runStep = p.step;
          const view: ProgressView = { step: p.step, index: p.index, count: p.count, steps: [...p.steps], ...(p.bytesRead !== undefined ? { bytesRead: p.bytesRead } : {}), ...(p.bytesTotal !== undefined ? { bytesTotal: p.bytesTotal } : {}) };
          this.set(p.step === 'verify' ? { state: 'verifying' } : { state: 'reading', progress: view });
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
      const at = (this.deps.now ?? Date.now)();
      this.emit('failed', { code: err.code, step: this.runStep, elapsedMs: Math.max(0, at - this.runStarted) });
      if (lost && e instanceof ReadFailure && (e.partial.sod || e.partial.com)) {
        this.resume = { files: e.partial, ...(e.partialFile ? { partialFile: e.partialFile } : {}), plan, photo, at };
      } else if (lost && !resume) {
        // Lost before any file was read: nothing to resume, but the card back starts over with the same keys.
        this.pending = { plan, photo, at };
      }
      this.set({ state: 'error', error: toErrorInfo(err), resumable: this.resume !== undefined || this.pending !== undefined });
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
