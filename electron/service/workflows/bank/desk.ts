/**
 * The bank counter's desk: a customer check from the counter's read to the signed receipt. Every finished
 * read at a bank counter becomes a check (identity, verdict, tiers and the chip's file digests); the chip
 * portrait's reference embedding is prepared in the background; the live-face step runs a challenge over the
 * camera frames (live.ts) and compares the best frame with the reference; the teller decides (decision.ts)
 * and the kiosk signs the receipt (receipt.ts). A newer read at the counter replaces an undecided check.
 *
 * Used by the service (handlers.ts, through the workflow's context) and by `chipid kyc` alike.
 */
import type { Rng } from '../../../emrtd/bytes.js';
import type { FaceEngine } from '../../../face/types.js';
import { FACE_THRESHOLD } from '../../../face/threshold.js';
import { faceEngineStatus, nodeFaceEngine } from '../../face-node.js';
import { systemRng } from '../../rng.js';
import { roleAtLeast } from '../../operators.js';
import type { FinishedRead, JobContext } from '../types.js';
import { NOT_CONFIGURED, OnlineConfirmation, type C06Outcome } from './c06/index.js';
import type { BankCheckView, BankStatusView, CheckRowView } from './contract.js';
import { BankError } from './errors.js';
import { decodeFrame } from './frame.js';
import { LiveFace } from './live.js';
import { overrideReasons } from './reasons.js';
import { bankConfig, type BankConfig } from './settings.js';
import * as store from './store/index.js';

/** An undecided check expires after this long (a conversation at the counter, not a day). */
export const CHECK_TTL_MS = 30 * 60_000;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface Operator {
  id: string;
  name: string;
  role: 'reception' | 'supervisor' | 'admin';
}

/** A check in memory while it is undecided (its view is saved at each step; biometric data stays here). */
export interface Held {
  view: BankCheckView;
  readMs: number;
  readerName: string;
  digests: FinishedRead['digests'];
  document: { type: string; issuingState: string | null };
  live: LiveFace;
  /** Frames are processed one at a time: each waits for the one before. */
  queue: Promise<unknown>;
  timings: { readMs: number };
  /** The compared frame as JPEG (kept only when the setting says so), and how long the comparison took. */
  liveJpeg?: Uint8Array | null;
  compareMs?: number;
}

export interface DeskOptions {
  engine?: () => Promise<FaceEngine>;
  rng?: Rng;
  now?: () => number;
}

export class BankDesk {
  readonly engine: () => Promise<FaceEngine>;
  readonly online: OnlineConfirmation;
  private readonly rng: Rng;
  readonly now: () => number;
  private readonly byId = new Map<string, Held>();
  private readonly byReader = new Map<string, string>();

  constructor(
    readonly ctx: JobContext,
    opts: DeskOptions = {},
  ) {
    this.engine = opts.engine ?? nodeFaceEngine;
    this.rng = opts.rng ?? systemRng;
    this.now = opts.now ?? Date.now;
    this.online = new OnlineConfirmation(ctx);
  }

  get storage(): JobContext['storage'] {
    return this.ctx.storage;
  }

  config(): BankConfig {
    return bankConfig(this.ctx.settings?.() ?? {});
  }

  /** A uniform number in [0, 1) from the service RNG (the challenge's steps). */
  rand(): number {
    const b = this.rng(4);
    return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) / 2 ** 32;
  }

  newId(prefix: string): string {
    // 252 = 7 × 36: bytes at or above it are drawn again, so each character is uniform.
    let out = '';
    while (out.length < 16) for (const x of this.rng(24)) if (x < 252 && out.length < 16) out += ALPHABET[x % 36];
    return prefix + out;
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  emitCheck(h: Held): void {
    this.ctx.emit?.({ name: 'check', readerId: h.view.readerId, data: { check: h.view } });
  }

  // ---- operators ----

  /** The operator signed in at the counter, or BANK_NO_OPERATOR. */
  operatorAt(readerId: string): Operator {
    const id = this.ctx.counter?.(readerId)?.operator;
    const op = id !== undefined ? this.ctx.operator?.(id) : undefined;
    if (!op || !op.active) throw new BankError('BANK_NO_OPERATOR', 'no active operator signed in at the counter');
    return { id: op.id, name: op.name, role: op.role };
  }

  /** A supervisor's own PIN, checked by the core; a lower role is refused. */
  async supervisor(o: { supervisorId: string; pin: string }): Promise<Operator> {
    if (!this.ctx.verifyOperator) throw new BankError('BANK_OVERRIDE_REFUSED', 'no operator check available');
    let op: Operator;
    try {
      op = await this.ctx.verifyOperator(o.supervisorId, o.pin);
    } catch (e) {
      throw new BankError('BANK_OVERRIDE_REFUSED', 'supervisor PIN refused', { cause: e });
    }
    if (!roleAtLeast(op.role, 'supervisor')) throw new BankError('BANK_OVERRIDE_REFUSED', 'override by a non-supervisor');
    return op;
  }

  // ---- reads ----

  /** The workflow's onRead step: every finished read at a bank counter becomes a check. */
  holdRead(read: FinishedRead): void {
    const now = this.now();
    const prev = this.byReader.get(read.readerId);
    if (prev) this.expire(prev);
    const id = read.output.identity;
    const tiers: Record<string, 'pass' | 'fail' | 'not_performed'> = {};
    for (const [k, c] of Object.entries(read.output.checks)) if (c) tiers[k] = c.status;
    const live = new LiveFace(this.engine, read.photoBytes);
    const view: BankCheckView = {
      checkId: this.newId('kyc_'),
      readerId: read.readerId,
      counter: read.counter ?? this.ctx.counter?.(read.readerId)?.counter ?? null,
      status: 'awaiting-face',
      verdict: read.output.verdict,
      tiers,
      identity: { idNumber: id.idNumber, fullName: id.fullName, dateOfBirth: id.dateOfBirth, sex: id.sex, dateOfExpiry: id.dateOfExpiry },
      referenceFace: live.reference,
      challenge: null,
      quality: null,
      hint: null,
      face: null,
      liveness: null,
      record: null,
      online: NOT_CONFIGURED,
      requiresOverride: false,
      overrideReasons: [],
      decision: null,
      receiptId: null,
      readAt: this.iso(now),
      updatedAt: this.iso(now),
    };
    const h: Held = {
      view,
      readMs: now,
      readerName: read.readerName,
      digests: read.digests,
      document: { type: read.output.document.type, issuingState: read.output.document.issuingState },
      live,
      queue: Promise.resolve(),
      timings: { readMs: read.output.stats.totalMs },
    };
    this.refresh(h);
    this.byId.set(view.checkId, h);
    this.byReader.set(read.readerId, view.checkId);
    store.saveCheck(this.storage, view, now);
    this.emitCheck(h);
    void live.refReady.then(() => {
      if (h.view.status === 'expired') return;
      this.refresh(h);
      this.save(h);
      this.emitCheck(h);
    });
  }

  /** Recomputes the derived fields of the view (reference state, override reasons). */
  refresh(h: Held): void {
    const v = h.view;
    v.referenceFace = h.live.reference;
    v.challenge = h.live.challengeView();
    v.quality = h.live.quality;
    v.hint = h.live.hint;
    v.overrideReasons = overrideReasons(v);
    v.requiresOverride = v.overrideReasons.length > 0;
    v.updatedAt = this.iso();
  }

  save(h: Held): void {
    try {
      store.saveCheck(this.storage, h.view, h.readMs);
    } catch {
      // The storage closed under a late background step (command line's end): the in-memory view stands.
      this.ctx.logger?.('bank: a check could not be saved');
    }
  }

  private expire(checkId: string): void {
    const h = this.byId.get(checkId);
    if (!h) return;
    if (h.view.decision === null) {
      h.view.status = 'expired';
      h.view.updatedAt = this.iso();
      this.save(h);
      this.emitCheck(h);
    }
    this.byId.delete(checkId);
    if (this.byReader.get(h.view.readerId) === checkId) this.byReader.delete(h.view.readerId);
  }

  /** The held, undecided check `checkId` at `readerId`, or the coded reason it cannot be used. */
  held(readerId: string, checkId: string): Held {
    const h = this.byId.get(checkId);
    if (h && this.now() - h.readMs > CHECK_TTL_MS) {
      this.expire(checkId);
      throw new BankError('BANK_CHECK_STALE', 'the check expired');
    }
    if (!h) {
      const stored = store.getCheck(this.storage, checkId);
      if (!stored) throw new BankError('BANK_UNKNOWN_CHECK', 'no such check');
      if (stored.readerId !== readerId) throw new BankError('BANK_OTHER_COUNTER', 'the check belongs to another counter');
      if (stored.decision) throw new BankError('BANK_CHECK_DECIDED', 'the check was decided');
      throw new BankError('BANK_CHECK_STALE', 'the check was replaced or expired');
    }
    if (h.view.readerId !== readerId) throw new BankError('BANK_OTHER_COUNTER', 'the check belongs to another counter');
    if (h.view.decision) throw new BankError('BANK_CHECK_DECIDED', 'the check was decided');
    return h;
  }

  pending(readerId: string): BankCheckView | null {
    const id = this.byReader.get(readerId);
    const h = id ? this.byId.get(id) : undefined;
    if (!h) return null;
    if (this.now() - h.readMs > CHECK_TTL_MS) {
      this.expire(h.view.checkId);
      return null;
    }
    return h.view;
  }

  /** The in-memory check (undecided or just decided), for the command line's timings. */
  raw(checkId: string): Held | undefined {
    return this.byId.get(checkId);
  }

  check(checkId: string): BankCheckView {
    const h = this.byId.get(checkId);
    if (h) return h.view;
    const c = store.getCheck(this.storage, checkId);
    if (!c) throw new BankError('BANK_UNKNOWN_CHECK', 'no such check');
    return c;
  }

  checks(day: string): CheckRowView[] {
    return store.listChecks(this.storage, day);
  }

  // ---- the live face ----

  startChallenge(readerId: string, checkId: string): BankCheckView {
    const h = this.held(readerId, checkId);
    h.live.start(() => this.rand(), this.config().challengeSeconds, this.now());
    h.view.status = 'challenge';
    h.view.face = null;
    h.view.liveness = null;
    this.refresh(h);
    this.save(h);
    this.emitCheck(h);
    return h.view;
  }

  /** One camera frame (JPEG) for the check's running challenge. */
  async frame(readerId: string, checkId: string, jpeg: Uint8Array): Promise<BankCheckView> {
    const h = this.held(readerId, checkId);
    const run = h.queue.then(() => this.oneFrame(h, checkId, readerId, jpeg));
    h.queue = run.catch(() => undefined);
    return run;
  }

  private async oneFrame(h: Held, checkId: string, readerId: string, jpeg: Uint8Array): Promise<BankCheckView> {
    // Re-checked in turn: the check may have been decided or replaced while this frame waited.
    this.held(readerId, checkId);
    if (h.view.status !== 'challenge' || !h.live.run) throw new BankError('BANK_NO_CHALLENGE', 'no running challenge');
    const img = decodeFrame(jpeg);
    let engineOk = true;
    let ended: boolean;
    try {
      ended = await h.live.observe(img, this.now());
    } catch (e) {
      engineOk = false;
      throw new BankError('BANK_FACE_ENGINE', 'the face engine failed on a frame', { cause: e });
    } finally {
      if (!engineOk) this.refresh(h);
    }
    if (ended) {
      const o = await h.live.conclude();
      h.view.face = o.face;
      h.view.liveness = o.liveness;
      h.view.status = 'compared';
      h.liveJpeg = o.liveJpeg;
      h.compareMs = o.compareMs;
    }
    this.refresh(h);
    this.save(h);
    this.emitCheck(h);
    return h.view;
  }

  // ---- the bank's record, online confirmation ----

  setOnline(checkId: string, o: C06Outcome): void {
    const h = this.byId.get(checkId);
    const view = h?.view ?? store.getCheck(this.storage, checkId);
    if (!view) return;
    view.online = o;
    view.updatedAt = this.iso();
    if (h) {
      this.save(h);
      this.emitCheck(h);
    } else {
      store.saveCheck(this.storage, view, Date.parse(view.readAt));
      this.ctx.emit?.({ name: 'check', readerId: view.readerId, data: { check: view } });
    }
  }

  async status(): Promise<BankStatusView> {
    const cfg = this.config();
    let keyId: string | null = null;
    try {
      keyId = this.ctx.signingKey?.().keyId ?? null;
    } catch {
      keyId = null;
    }
    return {
      model: faceEngineStatus(),
      modelVersion: faceEngineStatus() === 'ready' ? (await this.engine()).modelVersion : null,
      threshold: FACE_THRESHOLD.value,
      targetFar: FACE_THRESHOLD.targetFar,
      keepImages: cfg.keepImages,
      imageRetentionDays: cfg.imageRetentionDays,
      onlineConfirmation: this.online.configured() ? 'configured' : 'off',
      receiptKeyId: keyId,
    };
  }

  /** Forgets a decided check from memory (its record is in the store). */
  forget(checkId: string): void {
    const h = this.byId.get(checkId);
    if (!h) return;
    this.byId.delete(checkId);
    if (this.byReader.get(h.view.readerId) === checkId) this.byReader.delete(h.view.readerId);
  }
}
