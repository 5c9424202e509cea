/**
 * Reading a document: an explicit list of steps (access control, EF.COM, EF.SOD, data groups, chip
 * authenticity) that reports progress and, when a step fails, throws a ReadFailure carrying what was
 * read so far and the step that failed — so a re-tap can resume without re-reading finished files.
 * The chip's answers are kept raw: passive authentication hashes exactly what came off the chip.
 */
import { ChipIdError, asChipIdError } from './errors.js';
import { equalBytes, type Rng } from './bytes.js';
import { ApduTransport, type TransportOptions } from './transport.js';
import { FileReadInterrupted, readEf, selectAid, type FileReadOptions, type ReadCapabilities, type ReadStrategy } from './files.js';
import { EF_CARD_ACCESS, EF_COM, EF_SOD, LDS1_AID } from './lds/files.js';
import { parseCom } from './lds/com.js';
import { performBac } from './bac.js';
import type { AccessKey } from './keys.js';
import type { CardChannel } from './channel.js';
import type { Outcome } from './outcome.js';
import type { AaEvidence } from './aa/activeauth.js';
import type { PaceCamData } from './pace/pace.js';

/** Data groups never read: DG3 (fingerprints) and DG4 (iris) need Extended Access Control. */
const EAC_PROTECTED = new Set([3, 4]);

export interface ReadProgress {
  step: string;
  /** 0-based index of this step and how many steps the read has (known after EF.COM). */
  index: number;
  count: number;
  bytesRead?: number;
  bytesTotal?: number;
  /** Every step known so far, in order (grows once EF.COM says which data groups there are). */
  steps: string[];
}

export interface RawFiles {
  cardAccess?: Uint8Array;
  com?: Uint8Array;
  sod?: Uint8Array;
  dataGroups: Map<number, Uint8Array>;
}

export interface AccessInfo {
  /** e.g. 'BAC' or 'PACE-ECDH-GM-AES-128/brainpoolP256r1'. */
  protocol: string;
  keySource: string;
  fallbackReason?: string;
}

/** A data group EF.COM lists that the chip would not give (6982 / 6A82): recorded, not fatal. */
export interface UnreadableDg {
  status: 'unreadable';
  sw?: number;
}

/** What the protocol steps found, per check: filled by the PACE, Chip Authentication and end-of-read steps. */
export interface Evidence {
  /** Chip Authentication (9303-11 §6.2), run right after DG14; absent when the chip offers none. */
  chipAuthentication?: Outcome;
  /** Active Authentication (9303-11 §6.1), with the challenge sent and the chip's signature. */
  activeAuthentication?: AaEvidence;
  /** PACE-CAM (9303-11 §4.4.3.5.2), checked at the end of the read against DG14. */
  paceCam?: Outcome;
  /** What PACE-CAM gave during PACE, until the end-of-read step checks it (then removed). */
  paceCamData?: PaceCamData;
  /** A listed data group the chip refused, by name (`DG3`). */
  [dataGroup: `DG${number}`]: UnreadableDg | undefined;
}

/** Whether an evidence key names a data group (`DG3`). */
export function isDataGroupKey(k: string): k is `DG${number}` {
  return /^DG\d{1,2}$/.test(k);
}

export interface ReadResult {
  files: RawFiles;
  access: AccessInfo;
  /** Evidence for the chip-authenticity checks, filled by the PACE/CA/AA steps. */
  evidence: Evidence;
  stats: { apdus: number; bytesSent: number; bytesReceived: number; cardMs: number };
  capabilities: ReadCapabilities;
}

/** A step failed: what was read so far travels with the error for resume and for a partial report. */
export class ReadFailure extends ChipIdError {
  constructor(
    readonly cause0: ChipIdError,
    readonly step: string,
    readonly partial: RawFiles,
    readonly partialFile?: { fid: number; bytes: Uint8Array },
  ) {
    super(cause0.code, `${step}: ${cause0.message}`, { cause: cause0, ...(cause0.sw !== undefined ? { sw: cause0.sw } : {}) });
    this.name = 'ReadFailure';
  }
}

/** Access control hook: PACE plugs in here (see pace/). Returns undefined when the chip offers no PACE. */
export type PaceStep = (ctx: {
  transport: ApduTransport;
  cardAccess: Uint8Array;
  key: AccessKey;
  rng: Rng;
}) => Promise<{ protocol: string; evidence?: Pick<Evidence, 'paceCamData'> } | undefined>;

/** Chip-authenticity hook (Chip Authentication / Active Authentication), run after the data groups. */
export type AuthenticityStep = (ctx: { transport: ApduTransport; files: RawFiles; rng: Rng; evidence: Evidence }) => Promise<void>;

export interface ReadDocumentOptions {
  /** Keys to try in order (BAC candidates when the expiry is unknown; a CAN for PACE). */
  keys: AccessKey[];
  rng: Rng;
  strategy?: ReadStrategy;
  /** Skip DG2 (the photo). */
  photo?: boolean;
  /** Prefer PACE when EF.CardAccess offers it (default true). */
  pace?: PaceStep;
  /** Allow BAC when PACE fails or is unavailable (default true); false = strict, fail closed. */
  allowBacFallback?: boolean;
  /** Chip Authentication, run right after DG14 so the remaining data groups are read under its keys. */
  chipAuthentication?: AuthenticityStep;
  /** Active Authentication and other end-of-read checks. */
  authenticity?: AuthenticityStep;
  onProgress?: (p: ReadProgress) => void;
  /** Files from an earlier, interrupted attempt on the same card (checked against EF.SOD). */
  resume?: { files: RawFiles; partialFile?: { fid: number; bytes: Uint8Array } };
  capabilities?: ReadCapabilities;
  transport?: TransportOptions;
  fileLimits?: Pick<FileReadOptions, 'maxFileSize' | 'maxChunks'>;
}

export async function readDocument(channel: CardChannel, opts: ReadDocumentOptions): Promise<ReadResult> {
  const t = new ApduTransport(channel, opts.transport);
  const caps: ReadCapabilities = opts.capabilities ?? (channel.extendedLength === false ? { extended: false } : {});
  const strategy = opts.strategy ?? (channel.extendedLength === false ? 'adaptive' : 'extended');
  const files: RawFiles = { dataGroups: new Map() };
  const evidence: Evidence = {};
  let step = 'EF.CardAccess';
  let steps = ['EF.CardAccess', 'access', 'EF.COM', 'EF.SOD'];
  let current: { fid: number; bytes: Uint8Array } | undefined;
  const progress = (name: string, extra: Partial<ReadProgress> = {}): void => {
    step = name;
    opts.onProgress?.({ step: name, index: Math.max(0, steps.indexOf(name)), count: steps.length, steps, ...extra });
  };
  const fileOpts = (fid: number, name: string): FileReadOptions => {
    const resumeFrom = opts.resume?.partialFile?.fid === fid ? opts.resume.partialFile.bytes : undefined;
    const o: FileReadOptions = {
      strategy,
      ...opts.fileLimits,
      onProgress: (bytesRead, bytesTotal) => {
        progress(name, { bytesRead, ...(bytesTotal !== undefined ? { bytesTotal } : {}) });
      },
    };
    if (resumeFrom) o.resumeFrom = resumeFrom;
    return o;
  };

  try {
    if (opts.keys.length === 0) throw new ChipIdError('KEY_INVALID', 'no access key given');
    // 1. EF.CardAccess, selected by file id (the CCCD refuses SELECT MF with 6D00).
    progress('EF.CardAccess');
    let cardAccessRefusal: string | undefined;
    try {
      files.cardAccess = await readEf(t, EF_CARD_ACCESS.fid, caps, { ...fileOpts(EF_CARD_ACCESS.fid, 'EF.CardAccess'), strategy: 'adaptive' });
    } catch (e) {
      const err = asChipIdError(e);
      if (err.code === 'TRANSPORT_LOST' || err.code === 'CARD_REMOVED' || err.code === 'LIMIT_EXCEEDED') throw err;
      cardAccessRefusal = err.code === 'FILE_NOT_FOUND' ? undefined : `EF.CardAccess unreadable (${err.sw !== undefined ? err.sw.toString(16).toUpperCase() : err.code})`;
    }

    // 2. Access control: PACE first when offered, BAC otherwise (or as the allowed fallback).
    progress('access');
    const access = await authenticate(t, files.cardAccess, cardAccessRefusal, opts, evidence);

    // 3. EF.COM and EF.SOD, then the data groups EF.COM lists.
    progress('EF.COM');
    files.com = opts.resume?.files.sod && opts.resume.files.com ? opts.resume.files.com : await readEf(t, EF_COM.fid, caps, fileOpts(EF_COM.fid, 'EF.COM')); // resume: EF.SOD below checks identity
    const com = parseCom(files.com);
    progress('EF.SOD');
    files.sod = await readEf(t, EF_SOD.fid, caps, fileOpts(EF_SOD.fid, 'EF.SOD'));
    const resumeOk = opts.resume?.files.sod !== undefined && equalBytes(opts.resume.files.sod, files.sod);
    if (opts.resume && opts.resume.files.sod && !resumeOk) throw new ChipIdError('WRONG_CARD', 'EF.SOD differs from the interrupted read');

    // DG14 first: Chip Authentication follows it, and the other data groups are read under its keys.
    const dgs = com.dataGroups
      .filter((n) => !EAC_PROTECTED.has(n) && (opts.photo !== false || n !== 2))
      .sort((a, b) => (a === 14 ? -1 : b === 14 ? 1 : a - b));
    const readDataGroup = async (n: number): Promise<void> => {
      const fid = 0x0100 | n;
      progress(`DG${n}`);
      try {
        files.dataGroups.set(n, await readEf(t, fid, caps, fileOpts(fid, `DG${n}`)));
      } catch (e) {
        if (e instanceof FileReadInterrupted) current = { fid, bytes: e.partial };
        const err = asChipIdError(e);
        // A listed DG the chip will not give (6982 / 6A82) is recorded, not fatal: the verdict decides.
        if (err.code !== 'SECURITY_NOT_SATISFIED' && err.code !== 'FILE_NOT_FOUND') throw err;
        evidence[`DG${n}`] = { status: 'unreadable', sw: err.sw };
      }
    };
    const caStep = opts.chipAuthentication && dgs.includes(14) ? ['chipAuthentication'] : [];
    steps = [...steps, ...dgs.flatMap((n) => (n === 14 ? [`DG${n}`, ...caStep] : [`DG${n}`]))];
    for (const n of dgs) {
      const prior = resumeOk ? opts.resume!.files.dataGroups.get(n) : undefined;
      if (prior) files.dataGroups.set(n, prior);
      else await readDataGroup(n);
      // Chip Authentication runs in every session (a resumed read has new session keys too).
      if (n === 14 && caStep.length && files.dataGroups.has(14)) {
        progress('chipAuthentication');
        await opts.chipAuthentication!({ transport: t, files, rng: opts.rng, evidence });
        if (evidence.chipAuthentication?.status === 'fail') {
          // A clone (or a chip that refused CA) leaves no usable session: authenticate again and read the
          // rest, so staff see the data — and a NOT VERIFIED verdict naming the failed chip check.
          t.sm = undefined;
          progress('access');
          await authenticate(t, files.cardAccess, cardAccessRefusal, opts, {});
        }
      }
    }

    // 4. Chip authenticity (Chip Authentication / Active Authentication) when plugged in.
    if (opts.authenticity) {
      steps = [...steps, 'authenticity'];
      progress('authenticity');
      await opts.authenticity({ transport: t, files, rng: opts.rng, evidence });
    }
    return { files, access, evidence, stats: { ...t.stats }, capabilities: caps };
  } catch (e) {
    const err = asChipIdError(e);
    throw new ReadFailure(err, step, files, current);
  }
}

async function authenticate(
  t: ApduTransport,
  cardAccess: Uint8Array | undefined,
  cardAccessRefusal: string | undefined,
  opts: ReadDocumentOptions,
  evidence: Evidence,
): Promise<AccessInfo> {
  const allowBac = opts.allowBacFallback !== false;
  let fallbackReason = cardAccessRefusal;
  let lastDenied: ChipIdError | undefined;
  if (cardAccess && opts.pace) {
    for (const key of opts.keys) {
      try {
        const r = await opts.pace({ transport: t, cardAccess, key, rng: opts.rng });
        if (!r) break;
        Object.assign(evidence, r.evidence ?? {});
        await selectAid(t, LDS1_AID);
        return { protocol: r.protocol, keySource: key.source };
      } catch (e) {
        const err = asChipIdError(e);
        if (err.code === 'ACCESS_DENIED') {
          lastDenied = err;
          continue;
        }
        if (err.code === 'TRANSPORT_LOST' || err.code === 'CARD_REMOVED') throw err;
        fallbackReason = `PACE failed (${err.code})`;
        t.sm = undefined;
        break;
      }
    }
    if (lastDenied && !fallbackReason) fallbackReason = 'PACE refused every key';
  } else if (cardAccess && !opts.pace) {
    fallbackReason = 'PACE not enabled';
  }
  if (cardAccess || cardAccessRefusal) {
    if (!allowBac) {
      throw lastDenied ?? new ChipIdError('ACCESS_DENIED', `strict mode: ${fallbackReason ?? 'PACE unavailable'}; BAC fallback disabled`);
    }
  }
  const mrzKeys = opts.keys.filter((k): k is Extract<AccessKey, { kind: 'mrz' }> => k.kind === 'mrz');
  if (mrzKeys.length === 0) {
    throw lastDenied ?? new ChipIdError('ACCESS_DENIED', cardAccess ? 'PACE unavailable and no MRZ key for BAC' : 'the chip offers no PACE; BAC needs the ID number with dates or the MRZ');
  }
  await selectAid(t, LDS1_AID);
  for (const key of mrzKeys) {
    try {
      t.sm = await performBac(t.transceive, key.mrzInfo, opts.rng);
      const info: AccessInfo = { protocol: 'BAC', keySource: key.source };
      if (fallbackReason) info.fallbackReason = fallbackReason;
      return info;
    } catch (e) {
      const err = asChipIdError(e);
      if (err.code !== 'ACCESS_DENIED') throw err;
      lastDenied = err;
    }
  }
  throw lastDenied ?? new ChipIdError('ACCESS_DENIED', 'BAC failed');
}
