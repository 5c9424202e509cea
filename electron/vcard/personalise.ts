/**
 * Personalisation: builds the virtual card's files (EF.CardAccess, EF.COM, DG1, DG2, DG13, DG14, DG15,
 * EF.SOD) from a profile and a person, and the protocol engines that answer for them.
 */
import type { Rng } from '../emrtd/bytes.js';
import { toHex, utf8Encode } from '../emrtd/bytes.js';
import { tlv } from '../emrtd/tlv.js';
import { bacKeysFromMrzInfo, BacResponder } from '../emrtd/bac.js';
import { buildCom } from '../emrtd/lds/com.js';
import { buildCccdTd1, buildDg1, buildTd3 } from '../emrtd/lds/dg1.js';
import { buildDg2 } from '../emrtd/lds/dg2.js';
import { buildDg13 } from '../emrtd/lds/dg13.js';
import { EF_CARD_ACCESS, EF_COM, EF_SOD } from '../emrtd/lds/files.js';
import { mrzInfo, parseMrz } from '../emrtd/mrz.js';
import { FACE_HEIGHT, FACE_JPEG, FACE_WIDTH, FACE2_JPEG } from '../devkit/assets/face.js';
import type { CardAuth, VirtualFile } from './card.js';
import type { Person } from './person.js';
import type { ProfileSpec } from './profile-spec.js';
import { chipSecurity, type ChipSecurity } from './security.js';
import { signLds, type TestPki } from '../devkit/test-pki.js';

export interface Personalised {
  mfFiles: VirtualFile[];
  ldsFiles: VirtualFile[];
  /** The MRZ lines printed on the document (what staff could type or scan). */
  mrz: string[];
  /** The BAC key seed input (document number, DOB, expiry with check digits). */
  mrzInfo: string;
  /** The CAN (CCCD: last 6 digits of the ID). */
  can: string;
  pki: TestPki;
  makeAuth(rng: Rng): CardAuth;
}

/** Deliberate damage after signing (test profiles): returns the EF.SOD to ship; may change `dgs`. */
function applyTamper(tamper: ProfileSpec['tamper'], dgs: Map<number, Uint8Array>, sod: Uint8Array, person: Person): Uint8Array {
  switch (tamper) {
    case 'dg13-altered': {
      const dg13 = dgs.get(13);
      if (dg13) dgs.set(13, buildDg13({ idNumber: person.idNumber, fullName: 'Trần Văn Giả', dateOfBirth: person.dateOfBirth, sex: person.sex, dateOfIssue: person.dateOfIssue, dateOfExpiry: person.dateOfExpiry }));
      return sod;
    }
    case 'dg-injected':
      dgs.set(11, tlv(0x6b, tlv(0x5c, Uint8Array.of(0x5f, 0x0e)), tlv(0x5f0e, utf8Encode('INJECTED<<DATA'))));
      return sod;
    case 'sod-signature': {
      const bad = sod.slice();
      bad[bad.length - 10]! ^= 0x01; // inside the ECDSA signature at the end of the SignerInfo
      return bad;
    }
    default:
      return sod;
  }
}

const yymmdd = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

export function personalise(profile: ProfileSpec, person: Person, rng: Rng): Personalised {
  const doe = person.dateOfExpiry ? yymmdd(person.dateOfExpiry) : '<<<<<<';
  const mrz =
    profile.document === 'cccd'
      ? buildCccdTd1({ idNumber: person.idNumber, dateOfBirth: yymmdd(person.dateOfBirth), dateOfExpiry: doe, sex: person.sex, surname: person.surname, givenNames: person.givenNames })
      : buildTd3({
          documentCode: 'P',
          issuingState: 'VNM',
          documentNumber: person.documentNumber ?? person.idNumber.slice(3),
          dateOfBirth: yymmdd(person.dateOfBirth),
          sex: person.sex,
          dateOfExpiry: doe,
          nationality: 'VNM',
          primaryIdentifier: person.surname,
          secondaryIdentifier: person.givenNames,
          optionalData1: person.idNumber,
        });
  const info = mrzInfo(parseMrz(mrz.join('\n')));
  const face = person.face === 2 ? FACE2_JPEG : FACE_JPEG;
  const security: ChipSecurity = chipSecurity(profile, rng);

  const dgs = new Map<number, Uint8Array>();
  dgs.set(1, buildDg1(mrz));
  dgs.set(2, buildDg2(face, FACE_WIDTH, FACE_HEIGHT));
  if (profile.document === 'cccd') {
    dgs.set(
      13,
      buildDg13(
        {
          idNumber: person.idNumber,
          fullName: person.fullName,
          dateOfBirth: person.dateOfBirth,
          sex: person.sex,
          nationality: person.nationality ?? 'Việt Nam',
          ethnicity: person.ethnicity ?? null,
          religion: person.religion ?? null,
          placeOfOrigin: person.placeOfOrigin ?? null,
          placeOfResidence: person.placeOfResidence ?? null,
          identifyingMarks: person.identifyingMarks ?? null,
          dateOfIssue: person.dateOfIssue,
          dateOfExpiry: person.dateOfExpiry,
          noExpiry: person.dateOfExpiry === null,
          fatherName: person.fatherName ?? null,
          motherName: person.motherName ?? null,
          spouseName: person.spouseName ?? null,
          oldIdNumber: person.oldIdNumber ?? null,
          cardSerial: toHex(rng(8)),
        },
        profile.dg13Extra ?? [],
      ),
    );
  }
  if (security.dg14) dgs.set(14, security.dg14);
  if (security.dg15) dgs.set(15, security.dg15);
  const { sod: signedSod, pki } = signLds(dgs, rng, profile.tamper === 'foreign-signer');
  const sod = applyTamper(profile.tamper, dgs, signedSod, person);
  const listed = [...dgs.keys()];
  if (profile.document === 'cccd') listed.push(3); // DG3 (fingerprints) is listed but EAC-protected

  const ldsFiles: VirtualFile[] = [
    { fid: EF_COM.fid, sfi: EF_COM.sfi, data: buildCom(listed.sort((a, b) => a - b)), access: 'sm' },
    { fid: EF_SOD.fid, sfi: EF_SOD.sfi, data: sod, access: 'sm' },
    ...[...dgs].map(([n, data]): VirtualFile => ({ fid: 0x0100 | n, sfi: n, data, access: 'sm' })),
  ];
  if (profile.document === 'cccd') ldsFiles.push({ fid: 0x0103, sfi: 3, data: Uint8Array.of(0x63, 0x00), access: 'eac' });
  const mfFiles: VirtualFile[] = security.cardAccess ? [{ fid: EF_CARD_ACCESS.fid, sfi: EF_CARD_ACCESS.sfi, data: security.cardAccess, access: 'free' }] : [];

  const keys = bacKeysFromMrzInfo(info);
  const can = person.idNumber.slice(-6);
  return {
    mfFiles,
    ldsFiles,
    mrz,
    mrzInfo: info,
    can,
    pki,
    makeAuth(r: Rng): CardAuth {
      const bac = new BacResponder({ kEnc: keys.kEnc, kMac: keys.kMac });
      const auth: CardAuth = {
        bac: {
          getChallenge: () => bac.getChallenge(r),
          externalAuthenticate: (data) => {
            const res = bac.externalAuthenticate(data, r(16));
            return res.ok ? { data: res.response, sw: 0x9000, sm: res.sm, level: 'bac' } : { data: new Uint8Array(0), sw: res.sw };
          },
        },
      };
      Object.assign(auth, security.engines({ can, mrzInfo: info, rng: r }));
      return auth;
    },
  };
}
