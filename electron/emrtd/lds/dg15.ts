/**
 * DG15: Active Authentication public key info, 9303-10 §4.7.15 / 9303-11 §6.1.5:
 * 6F { SubjectPublicKeyInfo } with an RSA key (ISO/IEC 9796-2 signatures) or an EC key (ECDSA; the hash is named
 * by an ActiveAuthenticationInfo in DG14).
 */
import { ParseError } from '../errors.js';
import { tlv } from '../tlv.js';
import { expectDer } from './der.js';
import { encodeSubjectPublicKeyInfo, parseSubjectPublicKeyInfo, type PublicKeyInfo } from './spki.js';

export interface Dg15 {
  publicKey: PublicKeyInfo;
  /** The raw file as read (passive authentication hashes this). */
  raw: Uint8Array;
}

export function parseDg15(file: Uint8Array): Dg15 {
  const t = expectDer(file, 0x6f, 'DG15');
  if (t.end !== file.length) throw new ParseError('DG15', `${file.length - t.end} trailing bytes`);
  const publicKey = parseSubjectPublicKeyInfo(t.value, 'DG15.SubjectPublicKeyInfo');
  if (publicKey.kind !== 'rsa' && publicKey.kind !== 'ec') {
    throw new ParseError('DG15', `Active Authentication key of type ${publicKey.kind === 'dh' ? 'DH' : publicKey.algorithm}`);
  }
  return { publicKey, raw: file.slice() };
}

/** Builds a DG15 file for the virtual card. */
export function encodeDg15(publicKey: PublicKeyInfo): Uint8Array {
  return tlv(0x6f, encodeSubjectPublicKeyInfo(publicKey));
}
