/**
 * chipid receipt verify FILE [--key PUBKEY.pem …] [--json]: checks a bank identification receipt offline — its
 * shape (format chipid-bank-receipt/1, no unknown or missing field), then its Ed25519 signature against the
 * keys this verifier trusts: this kiosk's own key when it has one, and every --key file (the PEM or JSON of
 * `chipid keys public` from the kiosk that issued it). Prints what the receipt proves. Exit 0 valid and
 * trusted, 1 invalid or untrusted (with the reason), 2 bad input (unreadable file, bad key file).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ChipIdError, asCodedError } from '../emrtd/errors.js';
import { parseKioskPublicKey, thisKioskSigningKey, type KioskPublicKey } from '../service/kiosk-signature.js';
import { dataDir } from '../service/paths.js';
import { verifyReceipt } from '../service/workflows/bank/receipt.js';
import { parse } from './args.js';

function trustedKeys(files: string[] | undefined): { keys: KioskPublicKey[]; notes: string[] } {
  const keys: KioskPublicKey[] = [];
  const notes: string[] = [];
  try {
    const own = thisKioskSigningKey(dataDir().root);
    keys.push({ publicKey: own.publicKey, keyId: own.keyId, label: own.label });
  } catch (e) {
    notes.push(`this kiosk's own key is unavailable (${asCodedError(e).code}); only --key keys are trusted`);
  }
  for (const f of files ?? []) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new ChipIdError('TRUST_FILE_INVALID', `--key ${f}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
    }
    keys.push(parseKioskPublicKey(text, basename(f)));
  }
  return { keys, notes };
}

export async function cmdReceipt(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { key: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  const [sub, file] = positionals;
  if (sub !== 'verify' || file === undefined || positionals.length !== 2) throw new ChipIdError('KEY_INVALID', 'usage: chipid receipt verify FILE [--key PUBKEY.pem] [--json]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ChipIdError('KEY_INVALID', `receipt file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: e });
  }
  const { keys, notes } = trustedKeys(values.key);
  let doc: unknown;
  let r: ReturnType<typeof verifyReceipt>;
  try {
    doc = JSON.parse(text);
    r = verifyReceipt(doc, keys);
  } catch {
    const why = 'the file is not JSON (a receipt is the JSON file the kiosk handed out)';
    r = { signature: { status: 'invalid', reason: why }, proves: [], problems: [why] };
  }
  const ok = r.signature.status === 'trusted';
  if (values.json) {
    process.stdout.write(JSON.stringify({ valid: ok, signature: r.signature, proves: r.proves, problems: r.problems, notes }) + '\n');
  } else {
    const out: string[] = [];
    if (ok) {
      out.push('✔ BIÊN NHẬN HỢP LỆ / RECEIPT VALID — signed by a trusted kiosk key, unchanged since it was signed', '', 'It proves / Biên nhận chứng minh:');
      out.push(...r.proves.map((p) => `  • ${p}`));
      out.push('', 'It does not prove: that the person was who the chip says beyond the face score and liveness recorded; that the kiosk\u2019s clock was right; anything the chip itself was not asked (see docs/bank.md).');
    } else {
      out.push(`✘ BIÊN NHẬN KHÔNG HỢP LỆ / RECEIPT NOT VALID (${r.signature.status})`, `  ${r.signature.reason}`);
      for (const p of r.problems) if (p !== r.signature.reason) out.push(`  ${p}`);
    }
    for (const n of notes) out.push(`(${n})`);
    process.stdout.write(out.join('\n') + '\n');
  }
  return ok ? 0 : 1;
}
