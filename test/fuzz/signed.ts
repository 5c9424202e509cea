/**
 * The parts of a CMS SignedData that a signature or hash covers, as one comparable string: eContent, each
 * signer's signed attributes, signature and algorithms, the set of certificates. Two encodings with the same
 * string differ only in bytes no signature covers (a length re-encoded, a certificate or SignerInfo repeated, the string
 * type of a name in the signer identifier, which only points at a certificate). undefined: unparseable.
 */
import { parseSignedData, type SignedData } from '../../electron/pki/cms.js';

const hex = (b: Uint8Array | undefined): string => (b ? Buffer.from(b).toString('hex') : '-');

export function signedParts(contentInfo: Uint8Array): string | undefined {
  let sd: SignedData;
  try {
    sd = parseSignedData(contentInfo, 'CMS');
  } catch {
    return undefined;
  }
  // certificates by what their issuer signed (TBSCertificate): the outer encoding, an unparseable extra
  // certificate or trailing bytes after the signature are for the chain check, not this comparison
  const certs = [...new Set(sd.certificates.map((c) => hex(c.tbs)))].sort();
  return JSON.stringify([
    sd.eContentType,
    hex(sd.eContent),
    // the distinct signers: a SignerInfo repeated verbatim signs nothing new
    [...new Set(sd.signerInfos.map((s) => JSON.stringify([hex(s.signedAttrs?.signedBytes), hex(s.signature), s.digestAlgorithm, s.signatureAlgorithm.name])))].sort(),
    certs,
  ]);
}
