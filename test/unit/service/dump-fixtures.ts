/** Saved reads of virtual cards, made in-process (the product's read + toDump), for the dump tests. */
import { createVirtualCard, defaultPerson, type ProfileName } from '../../../electron/vcard/profiles.js';
import { VirtualChannel } from '../../../electron/vcard/channel.js';
import { readCard, toDump, type ReadDump } from '../../../electron/service/read-card.js';
import { planKeys } from '../../../electron/service/access-keys.js';
import { addDemoAnchor, defaultTrustStore } from '../../../electron/service/trust.js';
import { kioskSigningKey, signDocument } from '../../../electron/service/kiosk-signature.js';
import { seededRng } from '../../helpers/rng.js';
import { testPkiCerts } from '../../../electron/devkit/test-pki.js';

export const trust = defaultTrustStore();
addDemoAnchor(trust, testPkiCerts().cscaDer);

/** Two kiosks: the one that read (A) and another (B). */
export const kioskA = kioskSigningKey(new Uint8Array(32).fill(0xa1), 'kiosk A');
export const kioskB = kioskSigningKey(new Uint8Array(32).fill(0xb2), 'kiosk B');

export async function dumpOf(profile: ProfileName, createdAt = new Date('2026-11-22T10:00:00Z')): Promise<ReadDump> {
  const { card } = createVirtualCard({ profile, rng: seededRng(21) });
  const plan = planKeys({ id: defaultPerson(profile).idNumber });
  const r = await readCard(new VirtualChannel(card), { plan, rng: seededRng(22), trust, now: createdAt });
  return toDump(r.raw, createdAt);
}

export const signed = (d: ReadDump, key = kioskA): ReadDump => signDocument(d, key) as ReadDump;

/** A deep copy through JSON, as a dump file would be. */
export const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function flipBase64Byte(s: string, index: number, mask = 0x01): string {
  const b = Buffer.from(s, 'base64');
  b[index % b.length]! ^= mask;
  return b.toString('base64');
}
