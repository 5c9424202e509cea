/** The benchmark functions run and report passing verifications (figures are printed, never asserted). */
import { expect, it } from 'vitest';
import { benchMasterListImport, benchPassiveAuth } from '../../bench/pki.js';
import { parseCertificate } from '../../electron/pki/x509.js';
import { sharedBytes } from '../helpers/shared.js';

it('benchPassiveAuth / benchMasterListImport run and verify', () => {
  const pa = benchPassiveAuth(5);
  expect(pa.allPassed).toBe(true);
  const ml = benchMasterListImport(sharedBytes('trust/DE_ML_2026-05-28.ml'), [parseCertificate(sharedBytes('trust/DE_ROOT_CA_CSCA07.cer'))]);
  expect(ml).toMatchObject({ total: 588, added: 588, verified: true });
  process.stdout.write(`pki bench: PA median ${pa.passiveAuthMedianMs.toFixed(1)} ms (cold ${pa.passiveAuthColdMs.toFixed(1)} ms); ML import ${ml.ms.toFixed(0)} ms\n`);
});
