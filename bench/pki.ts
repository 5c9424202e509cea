/**
 * Benchmarks (not tests: timings never gate unit tests). Pure; uses the global `performance` clock that
 * Node, Electron and browsers all provide.
 */
import { utf8Encode } from '../electron/emrtd/bytes.js';
import { tlv } from '../electron/emrtd/tlv.js';
import { buildSod, testPki } from '../electron/devkit/pki-build.js';
import { verifySod } from '../electron/pki/sod.js';
import { TrustStore } from '../electron/pki/truststore.js';
import { type Certificate } from '../electron/pki/x509.js';

export interface BenchFigures {
  /** Median ms of one full passive authentication (parse, signature, signed attrs, DG hashes, chain). */
  passiveAuthMedianMs: number;
  passiveAuthMinMs: number;
  /** First run, including curve set-up and precomputation. */
  passiveAuthColdMs: number;
  iterations: number;
  allPassed: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** CCCD-like data groups: DG1 (TD1 MRZ), DG2 (~15 KB face), DG13, DG14, DG15. Synthetic content. */
export function cccdLikeDataGroups(): Map<number, Uint8Array> {
  const face = new Uint8Array(15_000).map((_, i) => (i * 31 + 7) & 0xff);
  return new Map<number, Uint8Array>([
    [1, tlv(0x61, tlv(0x5f1f, utf8Encode('IDVNM0990123459001099012345<<09903159M3903157VNM<<<<<<<<<<<0NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<')))],
    [2, tlv(0x75, tlv(0x7f61, face))],
    [13, tlv(0x6d, new Uint8Array(900).fill(0x41))],
    [14, tlv(0x6e, new Uint8Array(300).fill(0x42))],
    [15, tlv(0x6f, new Uint8Array(160).fill(0x43))],
  ]);
}

/**
 * Passive authentication of a CCCD-like SOD: DS (brainpoolP512r1) signs with ecdsa-with-SHA512, the CSCA
 * (brainpoolP512r1, explicit parameters) signs the DS, SHA-256 DG hashes, chain against a trust store.
 */
export function benchPassiveAuth(iterations = 20): BenchFigures {
  const pki = testPki();
  const dataGroups = cccdLikeDataGroups();
  const sod = buildSod({ hashAlg: 'sha256', dataGroups, ds: pki.ds, signatureAlg: 'ecdsa-with-SHA512', ldsVersion: 1 });
  const trust = new TrustStore();
  trust.addCertificate(pki.csca.der, { kind: 'cert', name: 'bench', verified: true, importedAt: '2026-01-01T00:00:00Z' });
  const at = new Date('2026-06-01T00:00:00Z');
  const run = (): boolean => {
    const r = verifySod(sod, { dataGroups, chain: { trust, at, issuingState: 'VNM' } });
    return r.signature.status === 'pass' && r.hashes.status === 'pass' && r.chain.status === 'pass' && r.signedAttributes.status === 'pass';
  };
  let t = performance.now();
  let allPassed = run();
  const cold = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    t = performance.now();
    allPassed = run() && allPassed;
    times.push(performance.now() - t);
  }
  return { passiveAuthMedianMs: median(times), passiveAuthMinMs: Math.min(...times), passiveAuthColdMs: cold, iterations, allPassed };
}

/** Time to import a master list into a fresh trust store (parse every certificate, verify the list). */
export function benchMasterListImport(mlBytes: Uint8Array, roots: Certificate[]): { ms: number; total: number; added: number; verified: boolean } {
  const t = performance.now();
  const ts = new TrustStore();
  const r = ts.importMasterList(mlBytes, { name: 'bench', roots, importedAt: '2026-01-01T00:00:00Z' });
  return { ms: performance.now() - t, total: r.total, added: r.added, verified: r.verification?.verified ?? false };
}
