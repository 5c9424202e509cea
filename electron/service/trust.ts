/**
 * The kiosk's trust store on disk: `<data dir>/trust/store.json`. A fresh install starts from the
 * shipped default (Vietnam's CSCA, see electron/pki/default-trust/vn-csca.ts). Imports (CSCA master lists,
 * ICAO PKD LDIF, single certificates, CRLs) and removals are recorded in the audit log.
 * In demo mode the virtual cards' TEST CSCA is added in memory only, marked as such, never persisted.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ChipIdError } from '../emrtd/errors.js';
import { StorageError } from './storage/errors.js';
import { TrustStore, type ImportResult, type SourceMeta } from '../pki/truststore.js';
import { parseCertificate, type Certificate } from '../pki/x509.js';
import { DEFAULT_TRUST_CERTIFICATES, DEFAULT_TRUST_SOURCE } from '../pki/default-trust/vn-csca.js';
import { appendAudit, type Storage } from './storage/index.js';

export const TRUST_FILE = 'store.json';
export const DEMO_SOURCE = 'demo: ChipID TEST CSCA (virtual cards only)';

function pemToDer(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) out.push(new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
  return out;
}

export function defaultTrustStore(now = new Date()): TrustStore {
  const t = new TrustStore();
  for (const c of DEFAULT_TRUST_CERTIFICATES) {
    t.addCertificate(new Uint8Array(Buffer.from(c.der, 'base64')), {
      kind: DEFAULT_TRUST_SOURCE.kind,
      name: `default: ${DEFAULT_TRUST_SOURCE.name}`,
      verified: true,
      importedAt: now.toISOString(),
    });
  }
  return t;
}

/** Loads the persisted store (creating it from the shipped default on first use). */
/** `demoAnchor`: demo mode's TEST CSCA (DER), added in memory only (see addDemoAnchor). */
export function loadTrust(trustDir: string, opts: { demoAnchor?: Uint8Array } = {}): TrustStore {
  mkdirSync(trustDir, { recursive: true, mode: 0o700 });
  const file = join(trustDir, TRUST_FILE);
  let store: TrustStore;
  if (existsSync(file)) {
    try {
      store = TrustStore.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
    } catch (e) {
      throw new StorageError('STORAGE_ERROR', 'trust store file unreadable', { cause: e });
    }
  } else {
    store = defaultTrustStore();
    saveTrust(trustDir, store);
  }
  if (opts.demoAnchor) addDemoAnchor(store, opts.demoAnchor);
  return store;
}

export function addDemoAnchor(store: TrustStore, cscaDer: Uint8Array): void {
  store.addCertificate(cscaDer, { kind: 'cert', name: DEMO_SOURCE, verified: false, importedAt: new Date().toISOString() });
}

export function saveTrust(trustDir: string, store: TrustStore): void {
  const file = join(trustDir, TRUST_FILE);
  const json = store.toJSON();
  // Never persist the in-memory demo anchor.
  const clean = { ...json, certificates: json.certificates.filter((c) => !c.sources.every((s) => s.name === DEMO_SOURCE)) };
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(clean), { mode: 0o600 });
  renameSync(tmp, file);
}

export type ImportKind = 'auto' | 'masterlist' | 'ldif' | 'cert' | 'crl';

/** Imports a file into the store, persists it and audits the change. */
export function importTrustFile(
  trustDir: string,
  store: TrustStore,
  storage: Storage | undefined,
  path: string,
  opts: { kind?: ImportKind; roots?: string[]; actor?: string } = {},
): ImportResult & { kind: string } {
  const bytes = new Uint8Array(readFileSync(path));
  const name = basename(path);
  const roots: Certificate[] = (opts.roots ?? []).flatMap((r) => readCerts(r));
  let kind = opts.kind ?? 'auto';
  if (kind === 'auto') kind = /\.ml$/i.test(name) ? 'masterlist' : /\.ldif$/i.test(name) ? 'ldif' : /\.crl$/i.test(name) ? 'crl' : 'cert';
  const importedAt = new Date().toISOString();
  let result: ImportResult;
  if (kind === 'masterlist') result = store.importMasterList(bytes, { name, roots, importedAt });
  else if (kind === 'ldif') result = store.importLdif(Buffer.from(bytes).toString('utf8'), { name, roots, importedAt });
  else {
    const ders = isPem(bytes) ? pemToDer(Buffer.from(bytes).toString('utf8')) : [bytes];
    let added = 0;
    let duplicates = 0;
    const source: SourceMeta = { kind: kind === 'crl' ? 'crl' : 'cert', name, verified: true, importedAt };
    for (const der of ders) {
      const r = kind === 'crl' ? store.addCrl(der, source) : store.addCertificate(der, source);
      if (r.added) added++;
      else duplicates++;
    }
    result = { total: ders.length, added, duplicates, errors: [] };
  }
  saveTrust(trustDir, store);
  if (storage) {
    appendAudit(storage.write, {
      actor: opts.actor ?? 'operator',
      action: 'trust.import',
      details: { file: name, kind, total: result.total, added: result.added, verified: result.verification?.verified ?? (kind === 'cert' || kind === 'crl' ? true : null) },
    });
  }
  return { ...result, kind };
}

export function removeTrustEntry(trustDir: string, store: TrustStore, storage: Storage | undefined, idOrSource: string, actor = 'operator'): number {
  let n = 0;
  if (store.removeCertificate(idOrSource)) n = 1;
  else if (store.removeCrl(idOrSource)) n = 1;
  else n = store.removeSource(idOrSource);
  if (n === 0) throw new ChipIdError('KEY_INVALID', 'no trust entry or source with that id or name');
  saveTrust(trustDir, store);
  if (storage) appendAudit(storage.write, { actor, action: 'trust.remove', details: { target: idOrSource, removed: n } });
  return n;
}

function isPem(b: Uint8Array): boolean {
  return Buffer.from(b.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}

function readCerts(path: string): Certificate[] {
  const b = new Uint8Array(readFileSync(path));
  return (isPem(b) ? pemToDer(Buffer.from(b).toString('utf8')) : [b]).map((d) => parseCertificate(d));
}

/** Adds certificates / master lists / CRLs from files to a store in memory (not persisted, not audited). */
export function addTrustFilesInMemory(store: TrustStore, paths: string[]): void {
  const importedAt = new Date().toISOString();
  for (const path of paths) {
    const bytes = new Uint8Array(readFileSync(path));
    const name = `--trust ${basename(path)}`;
    if (/\.ml$/i.test(path)) store.importMasterList(bytes, { name, importedAt });
    else if (/\.ldif$/i.test(path)) store.importLdif(Buffer.from(bytes).toString('utf8'), { name, importedAt });
    else if (/\.crl$/i.test(path)) store.addCrl(bytes, { kind: 'crl', name, verified: false, importedAt });
    else for (const der of isPem(bytes) ? pemToDer(Buffer.from(bytes).toString('utf8')) : [bytes]) store.addCertificate(der, { kind: 'cert', name, verified: false, importedAt });
  }
}
