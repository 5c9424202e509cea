/**
 * Object identifiers of the security protocols, 9303-11 §9.2 (bsi-de 0.4.0.127.0.7 subtree of BSI TR-03110)
 * and 9303-10 (id-icao-mrtd-security 2.23.136.1.1), plus the key and signature algorithm ids the SecurityInfos,
 * DG14 and DG15 use (RFC 3279 / RFC 5480 / X9.42 / TR-03111 §5).
 */
import type { SmCipherSuite } from '../crypto/kdf.js';

const BSI = '0.4.0.127.0.7';
export const OID = {
  bsiDe: BSI,
  standardizedDomainParameters: `${BSI}.1.2`,
  idPK: `${BSI}.2.2.1`,
  idPkDh: `${BSI}.2.2.1.1`,
  idPkEcdh: `${BSI}.2.2.1.2`,
  idTA: `${BSI}.2.2.2`,
  idCA: `${BSI}.2.2.3`,
  idCaDh: `${BSI}.2.2.3.1`,
  idCaEcdh: `${BSI}.2.2.3.2`,
  idPACE: `${BSI}.2.2.4`,
  // id-icao-mrtd-security 2.23.136.1.1; aaProtocolObject = { … 5 }, EFDIR = { … 13 }
  icaoMrtdSecurity: '2.23.136.1.1',
  idAA: '2.23.136.1.1.5',
  idEfDir: '2.23.136.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  dhpublicnumber: '1.2.840.10046.2.1',
  dhKeyAgreement: '1.2.840.113549.1.3.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  // TR-03111 §5.2.1 ecdsa-plain-signatures (bsi-de algorithms(1) 1 4 1 …)
  ecdsaPlainSha1: `${BSI}.1.1.4.1.1`,
  ecdsaPlainSha224: `${BSI}.1.1.4.1.2`,
  ecdsaPlainSha256: `${BSI}.1.1.4.1.3`,
  ecdsaPlainSha384: `${BSI}.1.1.4.1.4`,
  ecdsaPlainSha512: `${BSI}.1.1.4.1.5`,
  // X9.62 ecdsa-with-SHA* (DER signatures)
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha224: '1.2.840.10045.4.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
} as const;

export type KeyAgreement = 'DH' | 'ECDH';
export type PaceMapping = 'GM' | 'IM' | 'CAM';

const SUITE_BY_ARC: Record<number, SmCipherSuite> = { 1: '3DES', 2: 'AES-128', 3: 'AES-192', 4: 'AES-256' };
const ARC_BY_SUITE: Record<SmCipherSuite, number> = { '3DES': 1, 'AES-128': 2, 'AES-192': 3, 'AES-256': 4 };

export interface PaceAlgorithm {
  oid: string;
  keyAgreement: KeyAgreement;
  mapping: PaceMapping;
  suite: SmCipherSuite;
}

/** Decodes a PACE protocol OID (§9.2.3), or undefined when it is none. CAM exists only with ECDH and AES. */
export function paceAlgorithm(oid: string): PaceAlgorithm | undefined {
  const prefix = `${OID.idPACE}.`;
  if (!oid.startsWith(prefix)) return undefined;
  const arcs = oid.slice(prefix.length).split('.');
  if (arcs.length !== 2) return undefined;
  const [m, c] = [Number(arcs[0]), Number(arcs[1])];
  const suite = SUITE_BY_ARC[c];
  if (!suite) return undefined;
  const map: Record<number, [KeyAgreement, PaceMapping]> = { 1: ['DH', 'GM'], 2: ['ECDH', 'GM'], 3: ['DH', 'IM'], 4: ['ECDH', 'IM'], 6: ['ECDH', 'CAM'] };
  const km = map[m];
  if (!km) return undefined;
  if (km[1] === 'CAM' && suite === '3DES') return undefined;
  return { oid, keyAgreement: km[0], mapping: km[1], suite };
}

export function paceOid(keyAgreement: KeyAgreement, mapping: PaceMapping, suite: SmCipherSuite): string {
  const m = mapping === 'CAM' ? 6 : (mapping === 'GM' ? 1 : 3) + (keyAgreement === 'ECDH' ? 1 : 0);
  return `${OID.idPACE}.${m}.${ARC_BY_SUITE[suite]}`;
}

export interface CaAlgorithm {
  oid: string;
  keyAgreement: KeyAgreement;
  /** Undefined for the bare id-CA-DH / id-CA-ECDH seen in older documents (treated as 3DES by callers). */
  suite: SmCipherSuite | undefined;
}

/** Decodes a Chip Authentication protocol OID (§9.2.7). */
export function caAlgorithm(oid: string): CaAlgorithm | undefined {
  for (const [base, ka] of [
    [OID.idCaDh, 'DH'],
    [OID.idCaEcdh, 'ECDH'],
  ] as const) {
    if (oid === base) return { oid, keyAgreement: ka, suite: undefined };
    if (oid.startsWith(`${base}.`)) {
      const suite = SUITE_BY_ARC[Number(oid.slice(base.length + 1))];
      if (suite && !oid.slice(base.length + 1).includes('.')) return { oid, keyAgreement: ka, suite };
    }
  }
  return undefined;
}

export function caOid(keyAgreement: KeyAgreement, suite: SmCipherSuite): string {
  return `${keyAgreement === 'DH' ? OID.idCaDh : OID.idCaEcdh}.${ARC_BY_SUITE[suite]}`;
}

/** Short display form: 'PACE-ECDH-GM-AES-128'. */
export function paceAlgorithmName(a: PaceAlgorithm): string {
  return `PACE-${a.keyAgreement}-${a.mapping}-${a.suite}`;
}
