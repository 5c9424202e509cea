/**
 * Virtual-card profiles: which document, which protocols, which quirks. `createVirtualCard` personalises
 * a card from a profile and a person and returns the card plus the keys that open it.
 */
import type { Rng } from '../emrtd/bytes.js';
import { SW } from '../emrtd/apdu.js';
import { VirtualCard, CCCD_QUIRKS, type CardAuth, type CardQuirks } from './card.js';
import { PERSON_A, PERSON_B, PERSON_PASSPORT, type Person } from './person.js';
import { personalise, type Personalised } from './personalise.js';
import type { ProfileName, ProfileSpec, Tamper } from './profile-spec.js';

export type { ProfileName, ProfileSpec, Tamper } from './profile-spec.js';

const tamperedProfile = (name: ProfileName, tamper: Tamper, description: string): ProfileSpec => ({
  name,
  description,
  document: 'cccd',
  pace: true,
  chipAuthentication: true,
  activeAuthentication: 'rsa',
  tamper,
  quirks: CCCD_QUIRKS,
});

export const PROFILES: Record<ProfileName, ProfileSpec> = {
  'cccd-2021': {
    name: 'cccd-2021',
    description: 'CCCD gắn chip (2021): PACE-CAN and BAC, CA and AA, DG1 2 13 14 15',
    document: 'cccd',
    pace: true,
    chipAuthentication: true,
    activeAuthentication: 'rsa',
    quirks: CCCD_QUIRKS,
  },
  'cccd-2024': {
    name: 'cccd-2024',
    description: 'Thẻ căn cước (2024): like 2021, ECDSA AA, DG13 with extra fields',
    document: 'cccd',
    pace: true,
    chipAuthentication: true,
    activeAuthentication: 'ec',
    quirks: CCCD_QUIRKS,
    dg13Extra: [
      { fieldNo: 17, value: 'Hà Nội' },
      { fieldNo: 18, value: 'O+' },
    ],
  },
  'passport-td3': {
    name: 'passport-td3',
    description: 'Passport (TD3): BAC only, AA, no DG13',
    document: 'passport',
    pace: false,
    chipAuthentication: false,
    activeAuthentication: 'rsa',
    quirks: { extendedLength: false, sfi: true, strictShortLe: true, bareErrors: true },
  },
  'cccd-bac-only': {
    name: 'cccd-bac-only',
    description: 'CCCD without EF.CardAccess (BAC only)',
    document: 'cccd',
    pace: false,
    chipAuthentication: true,
    activeAuthentication: 'rsa',
    quirks: CCCD_QUIRKS,
  },
  'cccd-cardaccess-6982': {
    name: 'cccd-cardaccess-6982',
    description: 'CCCD whose EF.CardAccess answers 6982 (the BAC fallback case)',
    document: 'cccd',
    pace: true,
    chipAuthentication: true,
    activeAuthentication: 'rsa',
    quirks: { ...CCCD_QUIRKS, cardAccessSw: SW.SECURITY_NOT_SATISFIED },
  },
  'cccd-clone': {
    name: 'cccd-clone',
    description: 'A clone: genuine data, but the chip’s CA/AA keys do not match DG14/DG15',
    document: 'cccd',
    pace: true,
    chipAuthentication: true,
    activeAuthentication: 'rsa',
    clone: true,
    quirks: CCCD_QUIRKS,
  },
  'cccd-tampered-dg13': tamperedProfile('cccd-tampered-dg13', 'dg13-altered', 'DG13 changed after signing (name altered): chipDataIntact fails'),
  'cccd-injected-dg': tamperedProfile('cccd-injected-dg', 'dg-injected', 'a DG11 added that the SOD does not cover: chipDataIntact fails'),
  'cccd-bad-signature': tamperedProfile('cccd-bad-signature', 'sod-signature', 'EF.SOD signature damaged: chipDataIntact fails'),
  'cccd-foreign-signer': tamperedProfile('cccd-foreign-signer', 'foreign-signer', 'EF.SOD signed by a document signer under an unknown CSCA: issuerTrusted fails'),
  'cccd-pace-cam': {
    name: 'cccd-pace-cam',
    description: 'A card offering PACE with Chip Authentication Mapping (chip authenticated inside PACE)',
    document: 'cccd',
    pace: true,
    paceMapping: 'CAM',
    chipAuthentication: true,
    activeAuthentication: false,
    quirks: CCCD_QUIRKS,
  },
  'cccd-pace-im': {
    name: 'cccd-pace-im',
    description: 'A card offering PACE with Integrated Mapping',
    document: 'cccd',
    pace: true,
    paceMapping: 'IM',
    chipAuthentication: true,
    activeAuthentication: 'ec',
    quirks: CCCD_QUIRKS,
  },
  'cccd-expired': tamperedProfile('cccd-expired', 'expired', 'a genuine card past its expiry date: documentValid fails'),
};

/** The synthetic person a profile carries unless another is given. */
export function defaultPerson(name: ProfileName): Person {
  if (name === 'passport-td3') return PERSON_PASSPORT;
  if (name === 'cccd-2024') return PERSON_B;
  if (name === 'cccd-expired') return { ...PERSON_A, dateOfIssue: '2012-01-10', dateOfExpiry: '2024-03-15' };
  return PERSON_A;
}

export function isProfileName(s: string): s is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, s);
}

/** ATR of a contactless ISO 14443-4 card as PC/SC readers synthesise it (PC/SC part 3), with no historical bytes of note. */
export const VIRTUAL_ATR = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00, 0x7e);

export interface VirtualCardBundle {
  card: VirtualCard;
  profile: ProfileSpec;
  person: Person;
  personalised: Personalised;
}

export interface CreateOptions {
  profile?: ProfileName;
  person?: Person;
  rng: Rng;
  onApdu?: ConstructorParameters<typeof VirtualCard>[0]['onApdu'];
  /** Overrides the card's quirks (tests). */
  quirks?: Partial<CardQuirks>;
}

export function createVirtualCard(opts: CreateOptions): VirtualCardBundle {
  const profile = PROFILES[opts.profile ?? 'cccd-2021'];
  const person = opts.person ?? defaultPerson(profile.name);
  const p = personalise(profile, person, opts.rng);
  const auth = (): CardAuth => p.makeAuth(opts.rng);
  const card = new VirtualCard({
    atr: VIRTUAL_ATR,
    mfFiles: p.mfFiles,
    ldsFiles: p.ldsFiles,
    quirks: { ...profile.quirks, ...opts.quirks },
    auth,
    rng: opts.rng,
    ...(opts.onApdu ? { onApdu: opts.onApdu } : {}),
  });
  return { card, profile, person, personalised: p };
}
