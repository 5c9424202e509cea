/**
 * The trust store: CSCA (and other) certificates and CRLs with where each came from. Pure logic; a Node
 * layer persists `toJSON()` and reloads with `TrustStore.fromJSON()`. Implements the chain's IssuerSource.
 * De-duplication is by SHA-256 fingerprint (which fixes subject, SKI and serial): a second import of the same
 * certificate only adds its source. Two encodings with equal (subject, SKI, serial) are both kept — the
 * German master list holds such a pair (CSCA01005, PH) and dropping one would lose a certificate.
 */
import { ParseError } from '../emrtd/errors.js';
import { base64Decode, base64Encode } from './b64.js';
import { type IssuerSource, rankIssuers } from './chain.js';
import { type Crl, parseCrl } from './crl.js';
import { parseLdif } from './ldif.js';
import { type MasterListVerification, readMasterList } from './masterlist.js';
import { type DistinguishedName } from './name.js';
import { type Certificate, parseCertificate } from './x509.js';

export interface SourceMeta {
  kind: 'masterlist' | 'ldif' | 'cert' | 'crl';
  /** File or list name, e.g. "DE_ML_2026-05-28.ml". */
  name: string;
  /** The source's signature chain was verified against a configured root (or an operator vouched for it). */
  verified: boolean;
  /** ISO 8601. */
  importedAt: string;
}

export interface CertEntry {
  id: string;
  certificate: Certificate;
  sources: SourceMeta[];
}

export interface CrlEntry {
  id: string;
  crl: Crl;
  sources: SourceMeta[];
}

export interface TrustStoreJson {
  format: 'chipid-truststore';
  version: 1;
  certificates: { der: string; sources: SourceMeta[] }[];
  crls: { der: string; sources: SourceMeta[] }[];
}

export interface ImportResult {
  /** Entries in the source. */
  total: number;
  added: number;
  /** Already present (source merged). */
  duplicates: number;
  errors: string[];
  verification?: MasterListVerification;
}

export interface TrustStoreOptions {
  /** Only certificates with at least one verified source act as issuers. Default false. */
  verifiedOnly?: boolean;
}

export class TrustStore implements IssuerSource {
  private readonly certs = new Map<string, CertEntry>();
  private readonly bySubject = new Map<string, CertEntry[]>();
  private readonly crlMap = new Map<string, CrlEntry>();
  private readonly opts: TrustStoreOptions;

  constructor(opts: TrustStoreOptions = {}) {
    this.opts = opts;
  }

  /** Adds a certificate (DER or parsed). Returns its id and whether it was new. */
  addCertificate(cert: Uint8Array | Certificate, source: SourceMeta): { id: string; added: boolean } {
    const c = cert instanceof Uint8Array ? parseCertificate(cert) : cert;
    const existing = this.certs.get(c.fingerprint);
    if (existing) {
      if (!existing.sources.some((s) => s.kind === source.kind && s.name === source.name)) existing.sources.push({ ...source });
      return { id: existing.id, added: false };
    }
    const e: CertEntry = { id: c.fingerprint, certificate: c, sources: [{ ...source }] };
    this.certs.set(e.id, e);
    const list = this.bySubject.get(c.subject.key) ?? [];
    list.push(e);
    this.bySubject.set(c.subject.key, list);
    return { id: e.id, added: true };
  }

  addCrl(der: Uint8Array | Crl, source: SourceMeta): { id: string; added: boolean } {
    const crl = der instanceof Uint8Array ? parseCrl(der) : der;
    const existing = this.crlMap.get(crl.fingerprint);
    if (existing) {
      if (!existing.sources.some((s) => s.kind === source.kind && s.name === source.name)) existing.sources.push({ ...source });
      return { id: existing.id, added: false };
    }
    this.crlMap.set(crl.fingerprint, { id: crl.fingerprint, crl, sources: [{ ...source }] });
    return { id: crl.fingerprint, added: true };
  }

  removeCertificate(id: string): boolean {
    const e = this.certs.get(id);
    if (!e) return false;
    this.certs.delete(id);
    const list = (this.bySubject.get(e.certificate.subject.key) ?? []).filter((x) => x.id !== id);
    if (list.length) this.bySubject.set(e.certificate.subject.key, list);
    else this.bySubject.delete(e.certificate.subject.key);
    return true;
  }

  removeCrl(id: string): boolean {
    return this.crlMap.delete(id);
  }

  /** Removes every certificate and CRL whose only source is `name`; drops that source from the others. */
  removeSource(name: string): number {
    let n = 0;
    for (const e of [...this.certs.values()]) {
      e.sources = e.sources.filter((s) => s.name !== name);
      if (e.sources.length === 0 && this.removeCertificate(e.id)) n++;
    }
    for (const e of [...this.crlMap.values()]) {
      e.sources = e.sources.filter((s) => s.name !== name);
      if (e.sources.length === 0 && this.crlMap.delete(e.id)) n++;
    }
    return n;
  }

  listCertificates(): CertEntry[] {
    return [...this.certs.values()];
  }

  listCrls(): CrlEntry[] {
    return [...this.crlMap.values()];
  }

  getCertificate(id: string): CertEntry | undefined {
    return this.certs.get(id);
  }

  /** Certificates whose subject equals `name` (order-, case- and space-insensitive). */
  findBySubject(name: DistinguishedName): CertEntry[] {
    return this.bySubject.get(name.key) ?? [];
  }

  findIssuers(issuer: DistinguishedName, aki?: Uint8Array): Certificate[] {
    const entries = this.findBySubject(issuer).filter((e) => !this.opts.verifiedOnly || e.sources.some((s) => s.verified));
    return rankIssuers(
      entries.map((e) => e.certificate),
      aki,
    );
  }

  crlsFor(issuer: DistinguishedName): Crl[] {
    return [...this.crlMap.values()].filter((e) => e.crl.issuer.key === issuer.key).map((e) => e.crl);
  }

  /** Imports a CSCA master list; its certificates are marked verified only if its signature chain verified. */
  importMasterList(bytes: Uint8Array, opts: { name: string; roots?: Certificate[]; at?: Date; importedAt?: string }): ImportResult {
    const ml = readMasterList(bytes, { ...(opts.roots ? { roots: opts.roots } : {}), ...(opts.at ? { at: opts.at } : {}) });
    const source: SourceMeta = { kind: 'masterlist', name: opts.name, verified: ml.verification.verified, importedAt: opts.importedAt ?? new Date().toISOString() };
    const r: ImportResult = { total: ml.total, added: 0, duplicates: 0, errors: ml.errors.map((e) => `certList[${e.index}]: ${e.error}`), verification: ml.verification };
    for (const c of ml.certificates) {
      if (this.addCertificate(c, source).added) r.added++;
      else r.duplicates++;
    }
    return r;
  }

  /** Imports an ICAO PKD LDIF file: certificates, CRLs and embedded master lists (verified against `roots`). */
  importLdif(text: string, opts: { name: string; roots?: Certificate[]; at?: Date; importedAt?: string; verified?: boolean }): ImportResult {
    const content = parseLdif(text);
    const importedAt = opts.importedAt ?? new Date().toISOString();
    const source: SourceMeta = { kind: 'ldif', name: opts.name, verified: opts.verified ?? false, importedAt };
    const r: ImportResult = { total: 0, added: 0, duplicates: 0, errors: [] };
    const count = (res: { added: boolean }): void => {
      r.total++;
      if (res.added) r.added++;
      else r.duplicates++;
    };
    for (const c of content.certificates) {
      try {
        count(this.addCertificate(c.der, source));
      } catch (e) {
        r.total++;
        r.errors.push(`${c.dn}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const c of content.crls) {
      try {
        count(this.addCrl(c.der, { ...source, kind: 'crl' }));
      } catch (e) {
        r.total++;
        r.errors.push(`${c.dn}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const [i, m] of content.masterLists.entries()) {
      try {
        const sub = this.importMasterList(m.der, { name: `${opts.name}#ml${i}`, ...(opts.roots ? { roots: opts.roots } : {}), ...(opts.at ? { at: opts.at } : {}), importedAt });
        r.total += sub.total;
        r.added += sub.added;
        r.duplicates += sub.duplicates;
        r.errors.push(...sub.errors);
      } catch (e) {
        r.errors.push(`${m.dn}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return r;
  }

  toJSON(): TrustStoreJson {
    return {
      format: 'chipid-truststore',
      version: 1,
      certificates: this.listCertificates().map((e) => ({ der: base64Encode(e.certificate.der), sources: e.sources.map((s) => ({ ...s })) })),
      crls: this.listCrls().map((e) => ({ der: base64Encode(e.crl.der), sources: e.sources.map((s) => ({ ...s })) })),
    };
  }

  static fromJSON(json: unknown, opts: TrustStoreOptions = {}): TrustStore {
    const j = json as Partial<TrustStoreJson> | null;
    if (!j || j.format !== 'chipid-truststore' || j.version !== 1 || !Array.isArray(j.certificates) || !Array.isArray(j.crls)) {
      throw new ParseError('TrustStore JSON', 'not a chipid-truststore v1 document');
    }
    const ts = new TrustStore(opts);
    for (const [i, c] of j.certificates.entries()) {
      const [first, ...rest] = c.sources;
      if (!first) throw new ParseError(`TrustStore JSON certificates[${i}]`, 'no source');
      const { id } = ts.addCertificate(base64Decode(c.der, `TrustStore JSON certificates[${i}]`), first);
      for (const s of rest) ts.addCertificate(ts.getCertificate(id)!.certificate, s);
    }
    for (const [i, c] of j.crls.entries()) {
      const [first, ...rest] = c.sources;
      if (!first) throw new ParseError(`TrustStore JSON crls[${i}]`, 'no source');
      const crl = parseCrl(base64Decode(c.der, `TrustStore JSON crls[${i}]`));
      ts.addCrl(crl, first);
      for (const s of rest) ts.addCrl(crl, s);
    }
    return ts;
  }
}
