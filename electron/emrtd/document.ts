/**
 * Turns the raw files of a read into the report staff and integrators see: document, identity, photo,
 * access and stats — the fixed names of `chipid read --json`. Raw bytes stay in the read result; this
 * report carries parsed values only (and the photo bytes when asked).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from './bytes.js';
import { asChipIdError } from './errors.js';
import { parseDg1 } from './lds/dg1.js';
import { parseDg2 } from './lds/dg2.js';
import { parseDg13 } from './lds/dg13.js';
import { parseCom } from './lds/com.js';
import { toIsoDate, type Mrz } from './mrz.js';
import type { AccessInfo, RawFiles } from './read.js';

export interface Identity {
  idNumber: string | null;
  fullName: string | null;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X' | null;
  nationality: string | null;
  ethnicity: string | null;
  religion: string | null;
  placeOfOrigin: string | null;
  placeOfResidence: string | null;
  identifyingMarks: string | null;
  dateOfIssue: string | null;
  dateOfExpiry: string | null;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldIdNumber: string | null;
  /** DG13 fields with numbers we do not know (kept, shown as "other"). */
  otherFields?: { fieldNo: number; value: string }[];
}

export interface PhotoInfo {
  format: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
}

export interface DocumentReport {
  document: { type: 'cccd' | 'passport' | 'id-card' | 'unknown'; issuingState: string | null; documentNumber: string | null; dataGroups: number[]; mrzFormat?: string };
  identity: Identity;
  access: AccessInfo;
  photo: PhotoInfo | null;
  /** Parse problems of single data groups (the verdict decides what they mean). */
  parseErrors: { file: string; code: string; detail: string }[];
}

export interface DescribedDocument {
  report: DocumentReport;
  /** The portrait as it came off the chip (JPEG or JPEG 2000), for display or --photo-out. */
  photoBytes?: Uint8Array;
  mrz?: Mrz;
}

const EMPTY_IDENTITY: Identity = {
  idNumber: null, fullName: null, dateOfBirth: null, sex: null, nationality: null, ethnicity: null, religion: null,
  placeOfOrigin: null, placeOfResidence: null, identifyingMarks: null, dateOfIssue: null, dateOfExpiry: null,
  fatherName: null, motherName: null, spouseName: null, oldIdNumber: null,
};

const NATIONALITY: Record<string, string> = { VNM: 'Việt Nam' };

export function describeDocument(files: RawFiles, access: AccessInfo, today: Date = new Date()): DescribedDocument {
  const parseErrors: DocumentReport['parseErrors'] = [];
  const attempt = <T>(file: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      const err = asChipIdError(e);
      parseErrors.push({ file, code: err.code, detail: err.message });
      return undefined;
    }
  };
  const com = files.com ? attempt('EF.COM', () => parseCom(files.com!)) : undefined;
  const dg1 = files.dataGroups.get(1);
  const mrz = dg1 ? attempt('DG1', () => parseDg1(dg1).mrz) : undefined;
  const dg13b = files.dataGroups.get(13);
  const dg13 = dg13b ? attempt('DG13', () => parseDg13(dg13b)) : undefined;
  const dg2b = files.dataGroups.get(2);
  const dg2 = dg2b ? attempt('DG2', () => parseDg2(dg2b)) : undefined;

  const identity: Identity = { ...EMPTY_IDENTITY };
  if (mrz) {
    identity.idNumber = mrz.cccdIdNumber ?? (mrz.format === 'TD3' && /^\d{12}$/.test(mrz.optionalData1) ? mrz.optionalData1 : null);
    identity.fullName = [mrz.primaryIdentifier, mrz.secondaryIdentifier].filter(Boolean).join(' ') || null;
    identity.dateOfBirth = safeDate(mrz.dateOfBirth, 'birth', today);
    identity.dateOfExpiry = safeDate(mrz.dateOfExpiry, 'expiry', today);
    identity.sex = mrz.sex === 'M' || mrz.sex === 'F' ? mrz.sex : mrz.sex === 'X' ? 'X' : null;
    identity.nationality = NATIONALITY[mrz.nationality] ?? mrz.nationality;
  }
  if (dg13) {
    // DG13 carries the name with diacritics and the Vietnamese details; it wins where present.
    const d = dg13.identity;
    for (const k of Object.keys(EMPTY_IDENTITY) as (keyof Identity)[]) {
      const v = (d as unknown as Record<string, unknown>)[k];
      if (typeof v === 'string' && v !== '') (identity as unknown as Record<string, unknown>)[k] = v;
    }
    if (dg13.other.length) identity.otherFields = dg13.other.map((o) => ({ fieldNo: o.fieldNo, value: o.value }));
  }

  const face = dg2?.faces[0];
  let photo: PhotoInfo | null = null;
  if (face) {
    photo = {
      format: face.format,
      width: face.imageSize?.width ?? face.width,
      height: face.imageSize?.height ?? face.height,
      bytes: face.image.length,
      sha256: toHex(sha256(face.image)).toLowerCase(),
    };
  }
  const type: DocumentReport['document']['type'] = !mrz
    ? 'unknown'
    : mrz.format === 'TD3'
      ? 'passport'
      : mrz.issuingState === 'VNM' && mrz.cccdIdNumber
        ? 'cccd'
        : 'id-card';
  const report: DocumentReport = {
    document: {
      type,
      issuingState: mrz?.issuingState ?? null,
      documentNumber: mrz?.documentNumber ?? null,
      dataGroups: com?.dataGroups ?? [...files.dataGroups.keys()].sort((a, b) => a - b),
      ...(mrz ? { mrzFormat: mrz.format } : {}),
    },
    identity,
    access,
    photo,
    parseErrors,
  };
  return { report, ...(face ? { photoBytes: face.image } : {}), ...(mrz ? { mrz } : {}) };
}

function safeDate(yymmdd: string, kind: 'birth' | 'expiry', today: Date): string | null {
  try {
    return toIsoDate(yymmdd, kind, today);
  } catch {
    return null;
  }
}
