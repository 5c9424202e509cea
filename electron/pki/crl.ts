/**
 * X.509 CRLs (RFC 5280 §5) as issued by CSCAs (9303-12 §7.1.4): the CSCA signs the CRL with its own key.
 */
import { ParseError } from '../emrtd/errors.js';
import { toHex } from '../emrtd/bytes.js';
import { T, child, expectSequence, isContext, isUniversal, parseAsn1, readBitStringBytes, readInt, readOid, readTime } from './asn1.js';
import { type SignatureAlgorithm, parseSignatureAlgorithm } from './algorithms.js';
import { hash } from './hash.js';
import { type DistinguishedName, parseName } from './name.js';
import { OID } from './oids.js';
import { serialHexOf } from './x509.js';

export interface RevokedEntry {
  serialHex: string;
  revocationDate: Date;
}

export interface Crl {
  der: Uint8Array;
  tbs: Uint8Array;
  issuer: DistinguishedName;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: RevokedEntry[];
  crlNumber?: bigint;
  authorityKeyId?: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
  fingerprint: string;
}

export function parseCrl(der: Uint8Array, where = 'CRL'): Crl {
  const root = expectSequence(parseAsn1(der, where), where);
  const tbsNode = expectSequence(child(root, 0, where), `${where}.tbsCertList`);
  const signatureAlgorithm = parseSignatureAlgorithm(child(root, 1, where), `${where}.signatureAlgorithm`);
  const signature = readBitStringBytes(child(root, 2, where), `${where}.signature`);
  const w = `${where}.tbsCertList`;
  let i = 0;
  if (isUniversal(child(tbsNode, 0, w), T.INTEGER)) i = 1; // version v2
  expectSequence(child(tbsNode, i, w), `${w}.signature`);
  const issuer = parseName(child(tbsNode, i + 1, w), `${w}.issuer`);
  const thisUpdate = readTime(child(tbsNode, i + 2, w), `${w}.thisUpdate`);
  let k = i + 3;
  let nextUpdate: Date | undefined;
  const nu = tbsNode.children[k];
  if (nu && (isUniversal(nu, T.UTCTime) || isUniversal(nu, T.GeneralizedTime))) {
    nextUpdate = readTime(nu, `${w}.nextUpdate`);
    k++;
  }
  const revoked: RevokedEntry[] = [];
  let crlNumber: bigint | undefined;
  let authorityKeyId: Uint8Array | undefined;
  for (const n of tbsNode.children.slice(k)) {
    if (isUniversal(n, T.SEQUENCE)) {
      for (const [j, e] of n.children.entries()) {
        const we = `${w}.revokedCertificates[${j}]`;
        expectSequence(e, we);
        const sn = child(e, 0, we);
        if (!isUniversal(sn, T.INTEGER)) throw new ParseError(we, 'userCertificate is not an INTEGER');
        revoked.push({ serialHex: serialHexOf(sn.content), revocationDate: readTime(child(e, 1, we), `${we}.revocationDate`) });
      }
    } else if (isContext(n, 0)) {
      const exts = expectSequence(child(n, 0, w), `${w}.crlExtensions`);
      for (const ext of exts.children) {
        const oid = readOid(child(ext, 0, w), w);
        const val = ext.children[ext.children.length - 1]!;
        const inner = parseAsn1(val.content, `${w}.crlExtensions(${oid})`);
        if (oid === OID.cRLNumber) crlNumber = readInt(inner, `${w}.cRLNumber`);
        else if (oid === OID.authorityKeyIdentifier) authorityKeyId = inner.children.find((c) => isContext(c, 0))?.content;
      }
    }
  }
  const crl: Crl = { der: root.raw, tbs: tbsNode.raw, issuer, thisUpdate, revoked, signatureAlgorithm, signature, fingerprint: toHex(hash('sha256', root.raw)) };
  if (nextUpdate) crl.nextUpdate = nextUpdate;
  if (crlNumber !== undefined) crl.crlNumber = crlNumber;
  if (authorityKeyId) crl.authorityKeyId = authorityKeyId;
  return crl;
}
