/**
 * EF.CardSecurity (9303-11 §9.2.x, BSI TR-03110-3 A.1.2): CMS SignedData, eContentType id-SecurityObject
 * (0.4.0.127.0.7.3.2.1), eContent = SecurityInfos, signed by a document signer like EF.SOD.
 */
import { type ChainOptions, type ChainResult } from './chain.js';
import { type SignedData, parseSignedData, verifySignerInfo } from './cms.js';
import { OID } from './oids.js';
import { chainFor } from './sod.js';
import { type PkiCheck } from './verdict-types.js';
import { type Certificate } from './x509.js';

export interface CardSecurityVerification {
  /** SecurityInfos DER (a SET OF SecurityInfo), exactly as signed. */
  securityInfos: Uint8Array;
  signature: PkiCheck;
  signedAttributes: PkiCheck;
  chain: ChainResult;
  dsCertificate?: Certificate;
  signedData: SignedData;
}

export function verifyCardSecurity(bytes: Uint8Array, opts: { dsCertificate?: Certificate; chain?: ChainOptions } = {}): CardSecurityVerification {
  const signedData = parseSignedData(bytes, 'EF.CardSecurity');
  const sv = verifySignerInfo(signedData, {
    expectedContentType: OID.securityObject,
    ...(opts.dsCertificate ? { extraCerts: [opts.dsCertificate] } : {}),
  });
  const out: CardSecurityVerification = {
    securityInfos: signedData.eContent,
    signature: sv.signature,
    signedAttributes: sv.signedAttributes,
    chain: chainFor(sv.signerCertificate, opts.chain),
    signedData,
  };
  if (sv.signerCertificate) out.dsCertificate = sv.signerCertificate;
  return out;
}
