/**
 * One complete read of a card on a channel: access control, files, chip authenticity, then the report in
 * the fixed JSON shape of `chipid read --json` (document, identity, access, photo, checks, verdict,
 * stats). Used by the CLI and the kiosk service alike.
 */
import type { CardChannel } from '../emrtd/channel.js';
import type { Rng } from '../emrtd/bytes.js';
import { describeDocument, type DocumentReport } from '../emrtd/document.js';
import { isDataGroupKey, readDocument, type ReadProgress, type ReadResult, type RawFiles } from '../emrtd/read.js';
import type { ReadStrategy } from '../emrtd/files.js';
import type { KeyPlan } from './access-keys.js';
import { protocolHooks, type ProtocolOptions } from './protocols.js';
import { verifyRead } from './verify.js';
import type { Checks, Verdict } from '../contract/tiers.js';
import type { IssuerSource } from '../pki/chain.js';
import type { AccessInfo, UnreadableDg } from '../emrtd/read.js';
import type { Outcome } from '../emrtd/outcome.js';
import type { TierName } from '../contract/tiers.js';
import type { KioskSignature } from './kiosk-signature.js';

export interface ReadOutput {
  document: DocumentReport['document'];
  identity: DocumentReport['identity'];
  access: DocumentReport['access'];
  photo: DocumentReport['photo'];
  checks: Checks;
  verdict: Verdict;
  parseErrors?: DocumentReport['parseErrors'];
  stats: { apdus: number; bytesSent: number; bytesReceived: number; cardMs: number; hostMs: number; totalMs: number };
}

export interface ReadCardOptions {
  plan: KeyPlan;
  rng: Rng;
  photo?: boolean;
  strategy?: ReadStrategy;
  allowBacFallback?: boolean;
  onProgress?: (p: ReadProgress) => void;
  resume?: Parameters<typeof readDocument>[1]['resume'];
  capabilities?: Parameters<typeof readDocument>[1]['capabilities'];
  now?: Date;
  trust?: IssuerSource;
  /** The tiers that must pass for `verified` (the counter's workflow's); default verify.ts REQUIRED_TIERS. */
  requiredTiers?: readonly TierName[];
  /** Which protocols to use (all by default; the benchmark compares with BAC only). */
  protocols?: ProtocolOptions;
}

export interface ReadCardResult {
  output: ReadOutput;
  photoBytes?: Uint8Array;
  raw: ReadResult;
}

export async function readCard(channel: CardChannel, opts: ReadCardOptions): Promise<ReadCardResult> {
  const t0 = performance.now();
  const hooks = protocolHooks(opts.protocols);
  const raw = await readDocument(channel, {
    keys: opts.plan.keys,
    rng: opts.rng,
    ...(opts.strategy ? { strategy: opts.strategy } : {}),
    photo: opts.photo !== false,
    ...(hooks.pace ? { pace: hooks.pace } : {}),
    ...(hooks.chipAuthentication ? { chipAuthentication: hooks.chipAuthentication } : {}),
    ...(hooks.authenticity ? { authenticity: hooks.authenticity } : {}),
    allowBacFallback: opts.allowBacFallback !== false,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.resume ? { resume: opts.resume } : {}),
    ...(opts.capabilities ? { capabilities: opts.capabilities } : {}),
  });
  opts.onProgress?.({ step: 'verify', index: 0, count: 1, steps: ['verify'] });
  const now = opts.now ?? new Date();
  const described = describeDocument(raw.files, raw.access, now);
  const { checks, verdict } = verifyRead(raw, { report: described.report, mrz: described.mrz, plan: opts.plan, now, ...(opts.trust ? { trust: opts.trust } : {}), ...(opts.requiredTiers ? { requiredTiers: opts.requiredTiers } : {}) });
  const totalMs = performance.now() - t0;
  const r = described.report;
  const output: ReadOutput = {
    document: r.document,
    identity: r.identity,
    access: r.access,
    photo: r.photo,
    checks,
    verdict,
    ...(r.parseErrors.length ? { parseErrors: r.parseErrors } : {}),
    stats: {
      apdus: raw.stats.apdus,
      bytesSent: raw.stats.bytesSent,
      bytesReceived: raw.stats.bytesReceived,
      cardMs: round(raw.stats.cardMs),
      hostMs: round(Math.max(0, totalMs - raw.stats.cardMs)),
      totalMs: round(totalMs),
    },
  };
  return { output, raw, ...(described.photoBytes ? { photoBytes: described.photoBytes } : {}) };
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * A saved read for `chipid verify DUMP` (format chipid-dump/2): the raw files (base64), the access used, what
 * the reading kiosk recorded of Chip Authentication / PACE-CAM / Active Authentication — for AA also the
 * challenge it sent and the chip's signature, so AA can be re-proved offline — and the reading kiosk's
 * signature over all of it (kiosk-signature.ts). chipid-dump/1 (no AA bytes, no signature) still parses.
 */
export const DUMP_FORMAT = 'chipid-dump/2';
export const DUMP_FORMATS = ['chipid-dump/1', DUMP_FORMAT] as const;

/** A check as the reading kiosk recorded it (its protocol outcome): a claim, not a proof. */
export type RecordedCheck = Outcome;

export interface DumpEvidence {
  chipAuthentication?: RecordedCheck;
  paceCam?: RecordedCheck;
  /** With the 8-byte challenge sent and the chip's answer (base64) when AA ran. */
  activeAuthentication?: RecordedCheck & { challenge?: string; signature?: string };
  /** A listed data group the chip refused (6982 / 6A82). */
  [dataGroup: `DG${number}`]: UnreadableDg | undefined;
}

export interface ReadDump {
  format: (typeof DUMP_FORMATS)[number];
  /** When the reading kiosk made it; counts only under a signature the verifier trusts. */
  createdAt: string;
  access: AccessInfo;
  files: { cardAccess?: string; com?: string; sod?: string; dataGroups: Record<string, string> };
  evidence: DumpEvidence;
  signature?: KioskSignature;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** An outcome as the dump records it: exactly status, reason and algorithm (no bytes, no other fields). */
function recorded(c: Outcome | undefined): RecordedCheck | undefined {
  if (!c) return undefined;
  return { status: c.status, reason: c.reason, ...(c.algorithm !== undefined ? { algorithm: c.algorithm } : {}) };
}

export function toDump(raw: ReadResult, now = new Date()): ReadDump {
  const f: RawFiles = raw.files;
  const evidence: DumpEvidence = {};
  const ca = recorded(raw.evidence.chipAuthentication);
  const cam = recorded(raw.evidence.paceCam);
  const aa = recorded(raw.evidence.activeAuthentication);
  if (ca) evidence.chipAuthentication = ca;
  if (cam) evidence.paceCam = cam;
  if (aa) {
    const { challenge, signature } = raw.evidence.activeAuthentication ?? {};
    evidence.activeAuthentication = { ...aa, ...(challenge && signature ? { challenge: b64(challenge), signature: b64(signature) } : {}) };
  }
  for (const k of Object.keys(raw.evidence).filter(isDataGroupKey)) {
    const sw = raw.evidence[k]?.sw;
    evidence[k] = { status: 'unreadable', ...(typeof sw === 'number' ? { sw } : {}) };
  }
  return {
    format: DUMP_FORMAT,
    createdAt: now.toISOString(),
    access: { protocol: raw.access.protocol, keySource: raw.access.keySource, ...(raw.access.fallbackReason !== undefined ? { fallbackReason: raw.access.fallbackReason } : {}) },
    files: {
      ...(f.cardAccess ? { cardAccess: b64(f.cardAccess) } : {}),
      ...(f.com ? { com: b64(f.com) } : {}),
      ...(f.sod ? { sod: b64(f.sod) } : {}),
      dataGroups: Object.fromEntries([...f.dataGroups].map(([n, b]) => [String(n), b64(b)])),
    },
    evidence,
  };
}

/** The raw files of a parsed dump (its base64 was checked by parseDump). */
export function dumpFiles(d: ReadDump): RawFiles {
  const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
  const files: RawFiles = { dataGroups: new Map(Object.entries(d.files.dataGroups).map(([k, v]) => [Number(k), bytes(v)])) };
  if (d.files.cardAccess !== undefined) files.cardAccess = bytes(d.files.cardAccess);
  if (d.files.com !== undefined) files.com = bytes(d.files.com);
  if (d.files.sod !== undefined) files.sod = bytes(d.files.sod);
  return files;
}
