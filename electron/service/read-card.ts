/**
 * One complete read of a card on a channel: access control, files, chip authenticity, then the report in
 * the fixed JSON shape of `chipid read --json` (document, identity, access, photo, checks, verdict,
 * stats). Used by the CLI and the kiosk service alike.
 */
import type { CardChannel } from '../emrtd/channel.js';
import type { Rng } from '../emrtd/bytes.js';
import { describeDocument, type DocumentReport } from '../emrtd/document.js';
import { readDocument, type ReadProgress, type ReadResult, type RawFiles } from '../emrtd/read.js';
import type { ReadStrategy } from '../emrtd/files.js';
import type { KeyPlan } from './access-keys.js';
import { protocolHooks, type ProtocolOptions } from './protocols.js';
import { verifyRead, type Checks, type Verdict } from './verify.js';
import type { IssuerSource } from '../pki/chain.js';

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
  const { checks, verdict } = verifyRead(raw, { report: described.report, mrz: described.mrz, plan: opts.plan, now, ...(opts.trust ? { trust: opts.trust } : {}) });
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

/** A saved read for `chipid verify DUMP`: raw files (base64) and the chip-authenticity evidence. */
export interface ReadDump {
  format: 'chipid-dump/1';
  createdAt: string;
  access: ReadResult['access'];
  files: { cardAccess?: string; com?: string; sod?: string; dataGroups: Record<string, string> };
  evidence: Record<string, unknown>;
}

export function toDump(raw: ReadResult, now = new Date()): ReadDump {
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
  const f: RawFiles = raw.files;
  return {
    format: 'chipid-dump/1',
    createdAt: now.toISOString(),
    access: raw.access,
    files: {
      ...(f.cardAccess ? { cardAccess: b64(f.cardAccess) } : {}),
      ...(f.com ? { com: b64(f.com) } : {}),
      ...(f.sod ? { sod: b64(f.sod) } : {}),
      dataGroups: Object.fromEntries([...f.dataGroups].map(([n, b]) => [String(n), b64(b)])),
    },
    evidence: JSON.parse(JSON.stringify(raw.evidence, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))) as Record<string, unknown>,
  };
}
