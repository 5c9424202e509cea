/** Object identifiers used by passive authentication (RFC 5652, RFC 5280, RFC 4055, RFC 5480, 9303-10/11/12). */

export const OID = {
  // CMS (RFC 5652 §5, §11)
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // ICAO 9303-10 §4.6.2, 9303-12 §9
  ldsSecurityObject: '2.23.136.1.1.1',
  cscaMasterList: '2.23.136.1.1.2',
  // BSI TR-03110 / 9303-11 §9.2.x: id-SecurityObject (EF.CardSecurity eContentType)
  securityObject: '0.4.0.127.0.7.3.2.1',
  // hashes
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  // RSA (RFC 8017, RFC 4055)
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  sha224WithRSA: '1.2.840.113549.1.1.14',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  // EC (RFC 5480, RFC 5758, BSI TR-03111 §4.1)
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA224: '1.2.840.10045.4.3.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  // BSI TR-03111 ecdsa-plain-signatures (r||s)
  ecdsaPlainSHA1: '0.4.0.127.0.7.1.1.4.1.1',
  ecdsaPlainSHA224: '0.4.0.127.0.7.1.1.4.1.2',
  ecdsaPlainSHA256: '0.4.0.127.0.7.1.1.4.1.3',
  ecdsaPlainSHA384: '0.4.0.127.0.7.1.1.4.1.4',
  ecdsaPlainSHA512: '0.4.0.127.0.7.1.1.4.1.5',
  // X.509 extensions (RFC 5280 §4.2.1)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  cRLDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  cRLNumber: '2.5.29.20',
  // attribute types (X.520)
  countryName: '2.5.4.6',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  serialNumber: '2.5.4.5',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
} as const;

/** Short names for distinguished-name attribute types (RFC 4514 §3 plus the common extras). */
export const ATTR_SHORT: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.12': 'T',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};
