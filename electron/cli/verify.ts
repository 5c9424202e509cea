/**
 * chipid verify-sod: passive authentication of an EF.SOD (and data groups) from files.
 * chipid verify DUMP: re-verifies a saved read (chipid read --dump) offline, including its CA/AA evidence.
 */
import { readFileSync } from 'node:fs';
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { verifySod } from '../pki/sod.js';
import { TrustStore } from '../pki/truststore.js';
import { dataDir } from '../service/paths.js';
import { loadTrust, addTrustFilesInMemory } from '../service/trust.js';
import { describeDocument } from '../emrtd/document.js';
import { verifyRead } from '../service/verify.js';
import type { ReadDump } from '../service/read-card.js';
import type { RawFiles } from '../emrtd/read.js';

function parseAt(at: string | undefined): Date {
  if (!at) return new Date();
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new ChipIdError('KEY_INVALID', '--at must be an ISO date');
  return d;
}

/** --trust given: only those files are trusted; otherwise the kiosk's trust store. */
function trustFor(paths: string[] | undefined): TrustStore {
  if (paths?.length) {
    const t = new TrustStore();
    addTrustFilesInMemory(t, paths);
    return t;
  }
  return loadTrust(dataDir().trust);
}

export async function cmdVerifySod(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    sod: { type: 'string' },
    dg: { type: 'string', multiple: true },
    trust: { type: 'string', multiple: true },
    at: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.sod) throw new ChipIdError('KEY_INVALID', 'usage: chipid verify-sod --sod FILE [--dg N=FILE …] [--trust PATH …] [--at DATE] [--json]');
  const dataGroups = new Map<number, Uint8Array>();
  for (const spec of values.dg ?? []) {
    const m = /^(\d{1,2})=(.+)$/.exec(spec);
    if (!m) throw new ChipIdError('KEY_INVALID', '--dg takes N=FILE');
    dataGroups.set(Number(m[1]), new Uint8Array(readFileSync(m[2]!)));
  }
  const at = parseAt(values.at);
  const v = verifySod(new Uint8Array(readFileSync(values.sod)), { dataGroups, chain: { trust: trustFor(values.trust), at } });
  const out = {
    signature: v.signature,
    signedAttributes: v.signedAttributes,
    hashes: v.hashes,
    dataGroups: v.perDg,
    chain: { status: v.chain.status, reason: v.chain.reason, path: v.chain.path, warnings: v.chain.warnings },
    hashAlgorithm: v.lds.hashAlgorithm,
    documentSigner: v.dsCertificate ? { subject: v.dsCertificate.subject.text, issuer: v.dsCertificate.issuer.text, serial: v.dsCertificate.serialHex } : null,
  };
  const ok = v.signature.status === 'pass' && v.signedAttributes.status === 'pass' && v.hashes.status !== 'fail' && v.chain.status === 'pass';
  if (values.json) process.stdout.write(JSON.stringify({ ...out, result: ok ? 'pass' : 'fail' }) + '\n');
  else {
    const line = (k: string, c: { status: string; reason: string }): string => `${c.status === 'pass' ? '✔' : c.status === 'fail' ? '✘' : '·'} ${k}: ${c.status} — ${c.reason}`;
    process.stdout.write([line('signature', v.signature), line('signed attributes', v.signedAttributes), line('DG hashes', v.hashes), line('chain', v.chain)].join('\n') + '\n');
  }
  return ok ? 0 : 5;
}

export async function cmdVerifyDump(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { trust: { type: 'string', multiple: true }, at: { type: 'string' }, json: { type: 'boolean' } });
  const path = positionals[0];
  if (!path) throw new ChipIdError('KEY_INVALID', 'usage: chipid verify DUMP [--trust PATH …] [--at DATE] [--json]');
  let dump: ReadDump;
  try {
    dump = JSON.parse(readFileSync(path, 'utf8')) as ReadDump;
  } catch (e) {
    throw new ChipIdError('PARSE_ERROR', 'the dump is not JSON', { cause: e });
  }
  if (dump.format !== 'chipid-dump/1') throw new ChipIdError('PARSE_ERROR', 'not a chipid dump');
  const b = (s: string | undefined): Uint8Array | undefined => (s === undefined ? undefined : new Uint8Array(Buffer.from(s, 'base64')));
  const files: RawFiles = { dataGroups: new Map(Object.entries(dump.files.dataGroups).map(([k, v]) => [Number(k), b(v)!])) };
  const cardAccess = b(dump.files.cardAccess);
  const com = b(dump.files.com);
  const sod = b(dump.files.sod);
  if (cardAccess) files.cardAccess = cardAccess;
  if (com) files.com = com;
  if (sod) files.sod = sod;
  const now = parseAt(values.at ?? dump.createdAt);
  const described = describeDocument(files, dump.access, now);
  const { checks, verdict } = verifyRead({ files, evidence: dump.evidence }, { report: described.report, mrz: described.mrz, now, trust: trustFor(values.trust) });
  const out = { document: described.report.document, identity: described.report.identity, access: dump.access, checks, verdict, verifiedAt: now.toISOString() };
  if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    process.stdout.write(`${verdict === 'verified' ? '✔ VERIFIED' : '✘ NOT VERIFIED'} (at ${now.toISOString()}; chip authenticity from the recorded CA/AA evidence)\n`);
    for (const [k, c] of Object.entries(checks)) process.stdout.write(`  ${c.status === 'pass' ? '✔' : c.status === 'fail' ? '✘' : '·'} ${k}: ${c.status} — ${c.reason}\n`);
  }
  return verdict === 'verified' ? 0 : 5;
}
