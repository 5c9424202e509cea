/**
 * SecurityInfos, 9303-11 §9.2: the SET OF SecurityInfo found in EF.CardAccess, in DG14 (tag 6E) and in the
 * eContent of EF.CardSecurity. Parses PACEInfo, PACEDomainParameterInfo, ChipAuthenticationInfo,
 * ChipAuthenticationPublicKeyInfo, TerminalAuthenticationInfo, ActiveAuthenticationInfo and EFDIRInfo; keeps
 * every other entry as 'unknown' with its raw bytes (§9.2: "the inspection system MAY discard any unknown entry" —
 * we keep them for the report). Encoding rebuilds the DER from the fields, in the given order (the specimen files
 * are not sorted as DER SET OF would require, so the order is the caller's).
 */
import { ParseError } from '../errors.js';
import { readTlvs, tlv, type Tlv } from '../tlv.js';
import { derChildren, derInteger, derOctetString, derOid, derOidOf, derSequence, derSet, derSmallInt, expectDer, TAG_INTEGER, TAG_OCTET_STRING, TAG_SET } from './der.js';
import { caAlgorithm, OID, paceAlgorithm, type CaAlgorithm, type PaceAlgorithm } from './oids.js';
import { encodeSubjectPublicKeyInfo, parseDhParameters, parseEcParameters, parseSubjectPublicKeyInfo, encodeEcParameters, type PublicKeyInfo } from './spki.js';
import { standardDomain, type DomainParams } from '../pace/params.js';

export interface PaceInfo {
  type: 'PACEInfo';
  oid: string;
  version: number;
  parameterId?: number;
  /** Decoded algorithm, undefined for an OID this reader does not know. */
  algorithm?: PaceAlgorithm;
  raw?: Uint8Array;
}

export interface PaceDomainParameterInfo {
  type: 'PACEDomainParameterInfo';
  /** id-PACE-DH-GM, id-PACE-ECDH-GM, id-PACE-DH-IM, id-PACE-ECDH-IM or id-PACE-ECDH-CAM. */
  oid: string;
  domain: DomainParams;
  parameterId?: number;
  raw?: Uint8Array;
}

export interface ChipAuthenticationInfo {
  type: 'ChipAuthenticationInfo';
  oid: string;
  version: number;
  keyId?: number;
  algorithm?: CaAlgorithm;
  raw?: Uint8Array;
}

export interface ChipAuthenticationPublicKeyInfo {
  type: 'ChipAuthenticationPublicKeyInfo';
  /** id-PK-DH or id-PK-ECDH. */
  oid: string;
  publicKey: PublicKeyInfo;
  keyId?: number;
  raw?: Uint8Array;
}

export interface TerminalAuthenticationInfo {
  type: 'TerminalAuthenticationInfo';
  oid: string;
  version: number;
  /** TR-03110 v1 optional efCVCA FileID, kept raw. */
  efCvca?: Uint8Array;
  raw?: Uint8Array;
}

export interface ActiveAuthenticationInfo {
  type: 'ActiveAuthenticationInfo';
  oid: string;
  version: number;
  signatureAlgorithm: string;
  raw?: Uint8Array;
}

export interface EfDirInfo {
  type: 'EFDIRInfo';
  oid: string;
  efDir: Uint8Array;
  raw?: Uint8Array;
}

export interface UnknownSecurityInfo {
  type: 'unknown';
  oid: string;
  raw: Uint8Array;
}

export type SecurityInfo =
  | PaceInfo
  | PaceDomainParameterInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | TerminalAuthenticationInfo
  | ActiveAuthenticationInfo
  | EfDirInfo
  | UnknownSecurityInfo;

/** At most this many entries in one SecurityInfos (hostile files). */
const MAX_INFOS = 64;

function optInt(t: Tlv | undefined, where: string): number | undefined {
  if (t === undefined) return undefined;
  if (t.tag !== TAG_INTEGER) throw new ParseError(where, 'expected INTEGER');
  return derSmallInt(t, where);
}

function parseOne(raw: Uint8Array, t: Tlv, index: number, where: string): SecurityInfo {
  const w = `${where}[${index}]`;
  const kids = derChildren(t, w);
  if (kids.length < 1) throw new ParseError(w, 'empty SecurityInfo');
  const oid = derOidOf(kids[0], `${w}.protocol`);
  const req = kids[1];
  const opt = kids[2];
  if (kids.length > 3) return { type: 'unknown', oid, raw };

  const pace = paceAlgorithm(oid);
  if (pace || oid.startsWith(`${OID.idPACE}.`)) {
    if (req && req.tag === TAG_INTEGER && oid.split('.').length === OID.idPACE.split('.').length + 2) {
      const version = derSmallInt(req, `${w}.version`);
      const parameterId = optInt(opt, `${w}.parameterId`);
      const info: PaceInfo = { type: 'PACEInfo', oid, version, raw };
      if (parameterId !== undefined) info.parameterId = parameterId;
      if (pace) info.algorithm = pace;
      return info;
    }
    if (req && req.tag === 0x30) {
      // PACEDomainParameterInfo: AlgorithmIdentifier { dhpublicnumber | ecPublicKey | standardized, params }
      const alg = derChildren(req, `${w}.domainParameter`);
      const algOid = derOidOf(alg[0], `${w}.domainParameter`);
      const params = alg[1];
      if (!params) throw new ParseError(w, 'domain parameters missing');
      let domain: DomainParams;
      if (algOid === OID.ecPublicKey) domain = parseEcParameters(params, `${w}.ECParameters`).domain;
      else if (algOid === OID.dhpublicnumber) domain = parseDhParameters(params, true, `${w}.DHParameters`);
      else if (algOid === OID.dhKeyAgreement) domain = parseDhParameters(params, false, `${w}.DHParameters`);
      else if (algOid === OID.standardizedDomainParameters) {
        const d = standardDomain(derSmallInt(params, `${w}.standardizedId`));
        if (!d) throw new ParseError(w, 'unknown standardized domain parameters');
        domain = d;
      } else return { type: 'unknown', oid, raw };
      const parameterId = optInt(opt, `${w}.parameterId`);
      const info: PaceDomainParameterInfo = { type: 'PACEDomainParameterInfo', oid, domain, raw };
      if (parameterId !== undefined) info.parameterId = parameterId;
      return info;
    }
    return { type: 'unknown', oid, raw };
  }

  const ca = caAlgorithm(oid);
  if (ca) {
    if (!req) throw new ParseError(w, 'ChipAuthenticationInfo without version');
    const version = derSmallInt(req, `${w}.version`);
    const keyId = optInt(opt, `${w}.keyId`);
    const info: ChipAuthenticationInfo = { type: 'ChipAuthenticationInfo', oid, version, algorithm: ca, raw };
    if (keyId !== undefined) info.keyId = keyId;
    return info;
  }

  if (oid === OID.idPkDh || oid === OID.idPkEcdh) {
    if (!req || req.tag !== 0x30) throw new ParseError(w, 'ChipAuthenticationPublicKeyInfo without key');
    const keyDer = t.value.subarray(req.start, req.end);
    const publicKey = parseSubjectPublicKeyInfo(keyDer, `${w}.chipAuthenticationPublicKey`);
    const keyId = optInt(opt, `${w}.keyId`);
    const info: ChipAuthenticationPublicKeyInfo = { type: 'ChipAuthenticationPublicKeyInfo', oid, publicKey, raw };
    if (keyId !== undefined) info.keyId = keyId;
    return info;
  }

  if (oid === OID.idTA) {
    if (!req) throw new ParseError(w, 'TerminalAuthenticationInfo without version');
    const info: TerminalAuthenticationInfo = { type: 'TerminalAuthenticationInfo', oid, version: derSmallInt(req, `${w}.version`), raw };
    if (opt) info.efCvca = t.value.slice(opt.start, opt.end);
    return info;
  }

  if (oid === OID.idAA) {
    if (!req || !opt) throw new ParseError(w, 'ActiveAuthenticationInfo needs version and signatureAlgorithm');
    return {
      type: 'ActiveAuthenticationInfo',
      oid,
      version: derSmallInt(req, `${w}.version`),
      signatureAlgorithm: derOidOf(opt, `${w}.signatureAlgorithm`),
      raw,
    };
  }

  if (oid === OID.idEfDir && req && req.tag === TAG_OCTET_STRING && !opt) {
    return { type: 'EFDIRInfo', oid, efDir: req.value.slice(), raw };
  }
  return { type: 'unknown', oid, raw };
}

/** Parses a DER SecurityInfos (SET OF SecurityInfo), e.g. the whole of EF.CardAccess. */
export function parseSecurityInfos(der: Uint8Array, where = 'SecurityInfos'): SecurityInfo[] {
  const set = expectDer(der, TAG_SET, where);
  if (set.end !== der.length) throw new ParseError(where, `${der.length - set.end} trailing bytes`);
  const items = readTlvs(set.value, where);
  if (items.length > MAX_INFOS) throw new ParseError(where, `${items.length} entries (limit ${MAX_INFOS})`);
  return items.map((t, i) => {
    if (t.tag !== 0x30) throw new ParseError(`${where}[${i}]`, 'SecurityInfo is not a SEQUENCE');
    return parseOne(set.value.slice(t.start, t.end), t, i, where);
  });
}

/** EF.CardAccess content. Unprotected (no signature): use only to choose PACE parameters. */
export const parseCardAccess = (der: Uint8Array): SecurityInfo[] => parseSecurityInfos(der, 'EF.CardAccess');

/** DG14 = 6E { SecurityInfos } (9303-10 §4.7.14). */
export function parseDg14(file: Uint8Array): SecurityInfo[] {
  const t = expectDer(file, 0x6e, 'DG14');
  if (t.end !== file.length) throw new ParseError('DG14', `${file.length - t.end} trailing bytes`);
  return parseSecurityInfos(t.value, 'DG14');
}

function encodeOne(info: SecurityInfo): Uint8Array {
  switch (info.type) {
    case 'PACEInfo':
      return derSequence(derOid(info.oid), derInteger(info.version), ...(info.parameterId === undefined ? [] : [derInteger(info.parameterId)]));
    case 'PACEDomainParameterInfo': {
      const d = info.domain;
      const alg =
        d.kind === 'ec'
          ? derSequence(derOid(OID.ecPublicKey), encodeEcParameters(d))
          : d.q !== undefined
            ? derSequence(derOid(OID.dhpublicnumber), derSequence(derInteger(d.p), derInteger(d.g), derInteger(d.q)))
            : derSequence(derOid(OID.dhKeyAgreement), derSequence(derInteger(d.p), derInteger(d.g)));
      return derSequence(derOid(info.oid), alg, ...(info.parameterId === undefined ? [] : [derInteger(info.parameterId)]));
    }
    case 'ChipAuthenticationInfo':
      return derSequence(derOid(info.oid), derInteger(info.version), ...(info.keyId === undefined ? [] : [derInteger(info.keyId)]));
    case 'ChipAuthenticationPublicKeyInfo':
      return derSequence(derOid(info.oid), encodeSubjectPublicKeyInfo(info.publicKey), ...(info.keyId === undefined ? [] : [derInteger(info.keyId)]));
    case 'TerminalAuthenticationInfo':
      return derSequence(derOid(info.oid), derInteger(info.version), ...(info.efCvca ? [info.efCvca] : []));
    case 'ActiveAuthenticationInfo':
      return derSequence(derOid(info.oid), derInteger(info.version), derOid(info.signatureAlgorithm));
    case 'EFDIRInfo':
      return derSequence(derOid(info.oid), derOctetString(info.efDir));
    case 'unknown':
      return info.raw.slice();
  }
}

/** DER SecurityInfos from the fields, entries in the given order. */
export function encodeSecurityInfos(infos: readonly SecurityInfo[]): Uint8Array {
  return derSet(...infos.map(encodeOne));
}

/** DG14 file: 6E { SecurityInfos }. */
export function encodeDg14(infos: readonly SecurityInfo[]): Uint8Array {
  return tlv(0x6e, encodeSecurityInfos(infos));
}

// ---- choosing ------------------------------------------------------------------------------------------

const MAPPING_RANK = { CAM: 3, GM: 2, IM: 1 } as const;
const SUITE_RANK = { 'AES-256': 4, 'AES-192': 3, 'AES-128': 2, '3DES': 1 } as const;

/** True when this reader can run the PACEInfo (known OID, version 2, resolvable parameters). */
export function isSupportedPaceInfo(info: PaceInfo, all: readonly SecurityInfo[] = []): boolean {
  const a = info.algorithm;
  if (!a || info.version !== 2) return false;
  const d = resolvePaceDomain(info, all);
  if (!d) return false;
  if (a.keyAgreement === 'ECDH' && d.kind !== 'ec') return false;
  if (a.keyAgreement === 'DH' && d.kind !== 'dh') return false;
  // App. B point encoding needs p ≡ 3 mod 4 (Table 12: P-224 cannot be used with IM); DH IM needs q.
  if (a.mapping === 'IM' && d.kind === 'ec' && d.p % 4n !== 3n) return false;
  if (a.mapping === 'IM' && d.kind === 'dh' && d.q === undefined) return false;
  return true;
}

/**
 * The domain parameters of a PACEInfo: a standardized id (§9.5.1), or the matching PACEDomainParameterInfo
 * (same parameterId, or the only one of the right kind when there is no id).
 */
export function resolvePaceDomain(info: PaceInfo, all: readonly SecurityInfo[]): DomainParams | undefined {
  const id = info.parameterId;
  if (id !== undefined && id <= 31) return standardDomain(id);
  const explicit = all.filter((i): i is PaceDomainParameterInfo => i.type === 'PACEDomainParameterInfo');
  if (id !== undefined) return explicit.find((e) => e.parameterId === id)?.domain;
  return explicit.length === 1 ? explicit[0]!.domain : undefined;
}

/**
 * Picks the PACEInfo to run. Order (documented choice, 9303-11 leaves it to the terminal):
 *  1. supported by this reader at all (known OID, version 2, parameters resolvable, IM constraints);
 *  2. ECDH before DH — the standardized curves are faster and smaller than the 1024/2048-bit MODP groups;
 *  3. CAM > GM > IM — CAM authenticates the chip inside PACE (saves the separate Chip Authentication),
 *     GM is what every PACE chip implements and what most readers have exercised (the CCCD offers GM only);
 *     IM gives the reader no extra security and is the least exercised in the field;
 *  4. AES-256 > AES-192 > AES-128 > 3DES;
 *  5. standardized parameters before explicit ones (explicit EF.CardAccess parameters are unauthenticated).
 * The CCCD's EF.CardAccess lists one: id-PACE-ECDH-GM-AES-CBC-CMAC-128 with brainpoolP256r1 (id 13).
 */
export function choosePaceInfo(infos: readonly SecurityInfo[]): PaceInfo | undefined {
  const candidates = infos.filter((i): i is PaceInfo => i.type === 'PACEInfo' && isSupportedPaceInfo(i, infos));
  const score = (i: PaceInfo): number[] => {
    const a = i.algorithm!;
    const standardized = i.parameterId !== undefined && i.parameterId <= 31 ? 1 : 0;
    return [a.keyAgreement === 'ECDH' ? 1 : 0, MAPPING_RANK[a.mapping], SUITE_RANK[a.suite], standardized];
  };
  const cmp = (x: number[], y: number[]): number => {
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
    return 0;
  };
  let best: PaceInfo | undefined;
  for (const c of candidates) if (best === undefined || cmp(score(c), score(best)) > 0) best = c;
  return best;
}

/** The ChipAuthenticationPublicKeyInfo matching a ChipAuthenticationInfo (by keyId, or the only one). */
export function findCaPublicKey(
  caInfo: ChipAuthenticationInfo,
  infos: readonly SecurityInfo[],
): ChipAuthenticationPublicKeyInfo | undefined {
  const keys = infos.filter((i): i is ChipAuthenticationPublicKeyInfo => i.type === 'ChipAuthenticationPublicKeyInfo');
  const wantEc = caInfo.algorithm?.keyAgreement !== 'DH';
  const fitting = keys.filter((k) => (k.publicKey.kind === 'ec') === wantEc);
  if (caInfo.keyId !== undefined) return fitting.find((k) => k.keyId === caInfo.keyId);
  return fitting.length >= 1 ? fitting[0] : undefined;
}

