/**
 * chipid keys public [--json]: this kiosk's public signing key, for auditors and for other kiosks that
 * re-verify its saved reads (chipid verify DUMP --kiosk-key FILE). Text: the PEM (SubjectPublicKeyInfo, so
 * `openssl pkey -pubin` reads it); --json: { algorithm, keyId, publicKey (base64), pem }. Never the seed.
 */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { publicKeyPem, thisKioskSigningKey, SIGNATURE_ALGORITHM } from '../service/kiosk-signature.js';

export async function cmdKeys(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
  if (positionals[0] !== 'public' || positionals.length > 1) throw new ChipIdError('KEY_INVALID', 'usage: chipid keys public [--json]');
  const key = thisKioskSigningKey(dataDir().root);
  const pem = publicKeyPem(key.publicKey);
  if (values.json) process.stdout.write(JSON.stringify({ algorithm: SIGNATURE_ALGORITHM, keyId: key.keyId, publicKey: Buffer.from(key.publicKey).toString('base64'), pem }) + '\n');
  else process.stdout.write(pem);
  return 0;
}
