/**
 * The virtual card's test PKI: a CSCA shaped like Vietnam's (brainpoolP512r1 with explicit parameters,
 * ecdsa-with-SHA512) and a document signer that signs EF.SOD. It is a TEST authority: the kiosk trusts it
 * only in demo mode, where the trust store marks it so.
 */
import type { Rng } from '../emrtd/bytes.js';
import { buildSod, makeEcKey, makeTestCsca, makeTestDs, seededRng, testPki as standardTestPki, type TestIssuer, type TestPki as StandardTestPki } from './pki-build.js';

export interface TestPki {
  cscaDer: Uint8Array;
  dsDer: Uint8Array;
}

export function testPkiCerts(): TestPki {
  const p: StandardTestPki = standardTestPki();
  return { cscaDer: p.csca.der, dsDer: p.ds.der };
}

let foreign: TestIssuer | undefined;
/** A document signer under a CSCA nobody trusts (the 'foreign-signer' tamper profile). */
function foreignDs(): TestIssuer {
  if (!foreign) {
    const csca = makeTestCsca({ key: makeEcKey('brainpoolP512r1', seededRng('chipid-foreign-csca')), commonName: 'UNKNOWN CSCA (not trusted)', serial: 0x9001n });
    foreign = makeTestDs(csca, { key: makeEcKey('brainpoolP512r1', seededRng('chipid-foreign-ds')), curve: 'brainpoolP512r1' });
  }
  return foreign;
}

/** Signs the data groups into an EF.SOD (SHA-256 hashes, ecdsa-with-SHA512 by the test DS). */
export function signLds(dgs: Map<number, Uint8Array>, _rng: Rng, foreignSigner = false): { sod: Uint8Array; pki: TestPki } {
  const p = standardTestPki();
  const sod = buildSod({ hashAlg: 'sha256', dataGroups: dgs, ds: foreignSigner ? foreignDs() : p.ds, signatureAlg: 'ecdsa-with-SHA512' });
  return { sod, pki: testPkiCerts() };
}
