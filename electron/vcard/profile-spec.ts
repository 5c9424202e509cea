/** What a virtual-card profile declares: which document, which protocols, which quirks, which damage. */
import type { CardQuirks } from './card.js';

export type ProfileName =
  | 'cccd-2021'
  | 'cccd-2024'
  | 'passport-td3'
  | 'cccd-bac-only'
  | 'cccd-cardaccess-6982'
  | 'cccd-clone'
  | 'cccd-tampered-dg13'
  | 'cccd-injected-dg'
  | 'cccd-bad-signature'
  | 'cccd-foreign-signer'
  | 'cccd-expired'
  | 'cccd-pace-cam'
  | 'cccd-pace-im';

/** Ways a profile's data can be made wrong on purpose, to prove each verdict tier catches it. */
export type Tamper = 'dg13-altered' | 'dg-injected' | 'sod-signature' | 'foreign-signer' | 'expired';

export interface ProfileSpec {
  name: ProfileName;
  description: string;
  document: 'cccd' | 'passport';
  /** Offer PACE in EF.CardAccess. */
  pace: boolean;
  /** Chip Authentication key in DG14. */
  chipAuthentication: boolean;
  /** Active Authentication key type in DG15. */
  activeAuthentication: 'rsa' | 'ec' | false;
  /** The chip's CA/AA private keys do not match DG14/DG15 (a clone of a genuine card's data). */
  clone?: boolean;
  quirks: CardQuirks;
  /** PACE mapping offered (default GM, as the CCCD's EF.CardAccess shows). */
  paceMapping?: 'GM' | 'IM' | 'CAM';
  /** Deliberate damage (test and training profiles). */
  tamper?: Tamper;
  /** DG13 extra field numbers the 2024 card may carry. */
  dg13Extra?: { fieldNo: number; value: string }[];
}
