/**
 * chipid verify-sod: passive authentication of an EF.SOD (and data groups) from files.
 * chipid verify DUMP: re-verifies a saved read (chipid read --dump) offline: what the bytes prove is
 * re-proved (passive authentication, Active Authentication), what only the reading kiosk saw (Chip
 * Authentication, PACE-CAM) counts only under a kiosk signature this verifier trusts (service/reverify.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from './args.js';
import { ChipIdError, asChipIdError, asCodedError } from '../emrtd/errors.js';
import { verifySod } from '../pki/sod.js';
import { TrustStore } from '../pki/truststore.js';
import { dataDir } from '../service/paths.js';
import { loadTrust, addTrustFilesInMemory } from '../service/trust.js';
import { parseDumpText, MAX_DUMP_BYTES } from '../service/dump-parse.js';
import { reverifyDump, type ReverifyResult } from '../service/reverify.js';
import { checkLabel, checkList } from '../contract/tiers.js';
import { parseKioskPublicKey, thisKioskSigningKey, type KioskPublicKey } from '../service/kiosk-signature.js';

function parseAt(at: string | undefined): Date | undefined {
  if (!at) return undefined;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new ChipIdError('KEY_INVALID', '--at must be an ISO date');
  return d;
}

const TRUST_FILE = /\.(cer|crt|der|pem|ml|ldif|crl)$/i;

/** --trust paths → files: a folder stands for the certificate, list and CRL files directly inside it. */
export function expandTrustPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw new ChipIdError('TRUST_FILE_INVALID', `--trust ${p}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const inside = readdirSync(p, { withFileTypes: true })
      .filter((d) => d.isFile() && TRUST_FILE.test(d.name))
      .map((d) => join(p, d.name))
      .sort();
    if (!inside.length) throw new ChipIdError('TRUST_FILE_INVALID', `--trust ${p}: the folder holds no .cer, .crt, .der, .pem, .ml, .ldif or .crl file`);
    out.push(...inside);
  }
  return out;
}

/** Adds --trust files and folders to a store in memory; a file that cannot be used is TRUST_FILE_INVALID. */
export function addTrustPaths(t: TrustStore, paths: string[]): void {
  for (const file of expandTrustPaths(paths)) {
    try {
      addTrustFilesInMemory(t, [file]);
    } catch (e) {
      throw new ChipIdError('TRUST_FILE_INVALID', `--trust ${basename(file)}: ${asChipIdError(e).message}`, { cause: e });
    }
  }
}

/** --trust given: only those files (or folders of them) are trusted; otherwise the kiosk's trust store. */
function trustFor(paths: string[] | undefined): TrustStore {
  if (!paths?.length) return loadTrust(dataDir().trust);
  const t = new TrustStore();
  addTrustPaths(t, paths);
  return t;
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
  const at = parseAt(values.at) ?? new Date();
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

function readDumpFile(path: string): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ChipIdError('DUMP_INVALID', `${path}: is a folder, not a dump file`);
    if (st.size > MAX_DUMP_BYTES) throw new ChipIdError('DUMP_INVALID', `${path}: larger than ${MAX_DUMP_BYTES} bytes`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ChipIdError) throw e;
    throw new ChipIdError('DUMP_INVALID', `${path}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
  }
}

/** The kiosk keys this verifier trusts: its own (when it has one) and every --kiosk-key file. */
function kioskKeys(files: string[] | undefined): { keys: KioskPublicKey[]; notes: string[] } {
  const keys: KioskPublicKey[] = [];
  const notes: string[] = [];
  try {
    const own = thisKioskSigningKey(dataDir().root);
    keys.push({ publicKey: own.publicKey, keyId: own.keyId, label: own.label });
  } catch (e) {
    notes.push(`this kiosk's own key is unavailable (${asCodedError(e).code}); only --kiosk-key keys are trusted`);
  }
  for (const f of files ?? []) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new ChipIdError('TRUST_FILE_INVALID', `--kiosk-key ${f}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
    }
    keys.push(parseKioskPublicKey(text, basename(f)));
  }
  return { keys, notes };
}

export async function cmdVerifyDump(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    trust: { type: 'string', multiple: true },
    'kiosk-key': { type: 'string', multiple: true },
    at: { type: 'string' },
    json: { type: 'boolean' },
  });
  const path = positionals[0];
  if (!path) throw new ChipIdError('KEY_INVALID', 'usage: chipid verify DUMP [--trust PATH …] [--kiosk-key PUBKEY_FILE …] [--at DATE] [--json]');
  const at = parseAt(values.at);
  const dump = parseDumpText(readDumpFile(path));
  const trust = trustFor(values.trust);
  const { keys, notes } = kioskKeys(values['kiosk-key']);
  const r = reverifyDump(dump, { trust, kioskKeys: keys, ...(at ? { at } : {}) });
  if (values.json) process.stdout.write(JSON.stringify({ ...r, reverification: { ...r.reverification, trustedKioskKeys: keys.map((k) => ({ keyId: k.keyId, label: k.label })), notes } }) + '\n');
  else printHuman(r, keys, notes);
  return r.verdict === 'verified' ? 0 : 5;
}

const DATE_SOURCE = { given: 'the date given with --at', 'signed createdAt': 'when the reading kiosk made the dump (under its trusted signature)', now: 'now (the dump’s own date counts only under a trusted kiosk signature)' };

function printHuman(r: ReverifyResult, keys: KioskPublicKey[], notes: string[]): void {
  const mark = (s: string): string => (s === 'pass' ? '✔' : s === 'fail' ? '✘' : '·');
  const rv = r.reverification;
  const lines = [
    `${r.verdict === 'verified' ? '✔ ĐÃ XÁC THỰC / VERIFIED' : '✘ CHƯA XÁC THỰC / NOT VERIFIED'} — saved read re-verified offline`,
    `  checked at ${r.verifiedAt}: ${DATE_SOURCE[rv.checkDateSource]}`,
    `  kiosk signature: ${rv.signature.reason}`,
    `  trusted kiosk keys: ${keys.length ? keys.map((k) => `${k.keyId} (${k.label})`).join(', ') : 'none'}`,
    ...notes.map((n) => `  note: ${n}`),
    `  re-proved here from the dump’s bytes: ${rv.reproved.map((n) => checkLabel(n, 'en')).join(', ')}`,
    ...(rv.recorded.length ? [`  ${rv.vouchedBySignature ? 'recorded by the reading kiosk, vouched for by its trusted signature' : 'recorded by the reading kiosk only (a recorded pass is not a pass here)'}: ${rv.recorded.map((n) => checkLabel(n, 'en')).join(', ')}`] : []),
    ...(rv.notCovered.length ? [`  not covered by any signature here (shown, proof of nothing): ${rv.notCovered.join(', ')}`] : []),
    ...checkList(r.checks).map(([k, c]) => `  ${mark(c.status)} ${checkLabel(k, 'en')}: ${c.status} — ${c.reason}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
