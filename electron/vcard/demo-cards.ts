/**
 * The virtual CCCDs as demo mode's card provider (the service's `DemoCards`, electron/service/demo-cards.ts):
 * one virtual chip per reader, kept while the card is lifted and replaced when another profile is placed.
 */
import type { Rng } from '../emrtd/bytes.js';
import type { CardChannel } from '../emrtd/channel.js';
import { testPkiCerts } from '../devkit/test-pki.js';
import { VirtualChannel } from './channel.js';
import { PROFILES, createVirtualCard, isProfileName, type ProfileName } from './profiles.js';

export interface VirtualDemoCards {
  readonly profiles: readonly ProfileName[];
  trustAnchor(): Uint8Array;
  insert(readerId: string, profile: string, readerName: string): CardChannel;
  remove(readerId: string): void;
}

/** `rng` draws each chip's session randomness (the platform CSPRNG in the kiosk). */
export function createDemoCards(opts: { rng: Rng }): VirtualDemoCards {
  const onReader = new Map<string, { profile: ProfileName; channel: VirtualChannel }>();
  return {
    profiles: Object.keys(PROFILES) as ProfileName[],
    trustAnchor: () => testPkiCerts().cscaDer,
    insert(readerId, profile, readerName) {
      if (!isProfileName(profile)) throw new RangeError(`unknown virtual card profile`);
      const held = onReader.get(readerId);
      if (held && held.profile === profile) {
        held.channel.insert();
        return held.channel;
      }
      const channel = new VirtualChannel(createVirtualCard({ profile, rng: opts.rng }).card, { readerName });
      onReader.set(readerId, { profile, channel });
      return channel;
    },
    remove(readerId) {
      onReader.get(readerId)?.channel.remove();
    },
  };
}
