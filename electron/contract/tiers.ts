/**
 * The verdict's vocabulary, written once: the table of tiers (each tier's name and what it is called at
 * the counter in English and Vietnamese), the checks behind the tiers, a check's status, the overall
 * verdict, the reason codes (per code: the checks it words, its status, its English and Vietnamese text)
 * and the shape of one check. The verifier, the storage, the local API, the CLI and the UI all take their
 * words from here; the TypeScript types are inferred from the runtime schemas and the contract's JSON
 * schema is generated from them. Pure: no node:*, no DOM.
 *
 * The verifier picks a code (+ parameters), this table words it for the screen, storage keeps only the
 * status and the code (+ the non-personal parameters), and the UI can word a stored code again.
 * Parameters: `dg` (a data group number) and `via` (which genuineness checks passed) say nothing about the
 * holder and may be stored. `date` (an expiry date: a CCCD expires on its holder's 25th/40th/60th birthday,
 * so it reveals the date of birth) and `csca` (a certificate name) are filled in for the live screen only
 * and NEVER stored.
 */
import * as v from 'valibot';

/**
 * A check's status. The protocol layers' outcomes (emrtd/outcome.ts, which the contract may not import) use
 * the same three words; a test holds the two lists equal.
 */
export const CHECK_STATUSES = ['pass', 'fail', 'not_performed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const VERDICTS = ['verified', 'not_verified', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a tier or a check is called, in both languages. */
export interface Label {
  en: string;
  vi: string;
}

/** The five tiers of a verdict, in the order they are shown, with their labels. */
export const TIER_TABLE = {
  /** Passive authentication: the EF.SOD signature and every data group's hash. */
  chipDataIntact: { en: 'Chip data intact', vi: 'Dữ liệu trên chip nguyên vẹn' },
  /** Chip Authentication, Active Authentication or PACE-CAM passed. */
  chipGenuine: { en: 'Genuine chip (not a copy)', vi: 'Chip là chip thật (không phải bản sao)' },
  /** The document signer chains to a trusted CSCA, not revoked. */
  issuerTrusted: { en: 'Signed by a trusted issuer', vi: 'Do cơ quan cấp thẻ tin cậy ký' },
  /** Not expired; DG1, DG13 and what staff entered (ID, QR) agree. */
  documentValid: { en: 'Card valid, matches the entered details', vi: 'Thẻ còn hiệu lực, khớp thông tin đã nhập' },
  /** Reserved for an optional online check. */
  onlineConfirmed: { en: 'Confirmed online with C06', vi: 'Đã xác nhận trực tuyến với C06' },
} as const satisfies Record<string, Label>;
export type TierName = keyof typeof TIER_TABLE;
/** The tier names in the order they are shown. */
export const TIERS = Object.keys(TIER_TABLE) as readonly TierName[];

/** The checks behind the tiers, and the kiosk signature of a re-verified saved read. */
export const SUB_CHECK_TABLE = {
  chipAuthentication: { en: 'Chip Authentication', vi: 'Xác thực chip', tier: 'chipGenuine' },
  activeAuthentication: { en: 'Active Authentication', vi: 'Xác thực chủ động', tier: 'chipGenuine' },
  paceCam: { en: 'PACE-CAM', vi: 'PACE-CAM', tier: 'chipGenuine' },
  kioskSignature: { en: 'Kiosk signature', vi: 'Chữ ký của kiosk', tier: undefined },
} as const satisfies Record<string, Label & { tier: TierName | undefined }>;
export type SubCheckName = keyof typeof SUB_CHECK_TABLE;
export type CheckName = TierName | SubCheckName;
/** Every check that carries a reason code: the tiers, then the checks behind them. */
export const CHECK_NAMES = [...TIERS, ...(Object.keys(SUB_CHECK_TABLE) as SubCheckName[])] as readonly CheckName[];

/** The label of a tier or a check in one language. */
export function checkLabel(name: CheckName, lang: 'en' | 'vi' = 'en'): string {
  return (name in TIER_TABLE ? TIER_TABLE[name as TierName] : SUB_CHECK_TABLE[name as SubCheckName])[lang];
}

/** The genuineness checks a chip can pass, as a reason parameter names them, and the check each one is. */
export const GENUINE_VIA = ['CA', 'AA', 'PACE-CAM'] as const;
export type GenuineVia = (typeof GENUINE_VIA)[number];
export const VIA_CHECK = { CA: 'chipAuthentication', AA: 'activeAuthentication', 'PACE-CAM': 'paceCam' } as const satisfies Record<GenuineVia, SubCheckName>;

/** One reason code: the checks it words, its status, its English and Vietnamese text. */
export interface ReasonEntry {
  checks: readonly CheckName[];
  status: CheckStatus;
  en: string;
  vi: string;
}

const G = ['chipGenuine'] as const;
const T = ['issuerTrusted'] as const;
const D = ['documentValid'] as const;
const I = ['chipDataIntact'] as const;
const ALL = CHECK_NAMES;

/** Tier × code → status, English, Vietnamese. `{name}` is a parameter. Append codes; never reuse one. */
export const REASONS = {
  // ---- chipDataIntact: passive authentication (EF.SOD signature, data-group hashes)
  SOD_VALID: { checks: I, status: 'pass', en: 'The issuer’s signature on the chip data is valid and every data group read matches it', vi: 'Chữ ký số trên dữ liệu chip hợp lệ; mọi dữ liệu đã đọc khớp với bản ký của cơ quan cấp.' },
  SOD_NOT_READ: { checks: I, status: 'fail', en: 'The chip’s signed data (EF.SOD) could not be read, so its data cannot be trusted', vi: 'Không đọc được dữ liệu ký số (EF.SOD) của thẻ nên không tin được dữ liệu chip.' },
  SOD_UNREADABLE: { checks: I, status: 'fail', en: 'The chip’s signed data (EF.SOD) is damaged and cannot be checked', vi: 'Dữ liệu ký số (EF.SOD) của thẻ bị hỏng, không kiểm tra được.' },
  SOD_SIGNATURE_INVALID: { checks: I, status: 'fail', en: 'The issuer’s digital signature on the chip data is not valid', vi: 'Chữ ký số trên dữ liệu chip không hợp lệ.' },
  SOD_CONTENT_INVALID: { checks: I, status: 'fail', en: 'The signed content on the chip does not match its signature', vi: 'Nội dung được ký trên chip không khớp với chữ ký.' },
  DG_HASH_MISMATCH: { checks: I, status: 'fail', en: 'DG{dg} does not match the issuer’s signature: the data may have been altered', vi: 'Dữ liệu DG{dg} không khớp bản ký của cơ quan cấp: dữ liệu có thể đã bị sửa.' },
  DG_NOT_SIGNED: { checks: I, status: 'fail', en: 'DG{dg} was read but the issuer did not sign it: it may have been injected', vi: 'Chip có dữ liệu DG{dg} không được cơ quan cấp ký: có thể bị chèn thêm.' },
  DG_NONE_CHECKED: { checks: I, status: 'not_performed', en: 'No data group could be checked against the issuer’s signature', vi: 'Chưa kiểm tra được dữ liệu nào với chữ ký số của cơ quan cấp.' },

  // ---- chipGenuine and the checks behind it
  CHIP_GENUINE: { checks: G, status: 'pass', en: 'The chip proved it is the genuine chip ({via} passed)', vi: 'Chip chứng minh được là chip thật ({via} đạt).' },
  CA_FAILED: { checks: [...G, 'chipAuthentication'], status: 'fail', en: 'Chip Authentication failed: the chip does not hold the key the issuer signed, so it may be a cloned card', vi: 'Chip không chứng minh được khóa bí mật của chính nó: có thể là thẻ sao chép.' },
  AA_FAILED: { checks: [...G, 'activeAuthentication'], status: 'fail', en: 'Active Authentication failed: the chip did not sign the kiosk’s challenge correctly, so it may be a cloned card', vi: 'Chip không ký đúng thử thách ngẫu nhiên: có thể là thẻ sao chép.' },
  PACE_CAM_FAILED: { checks: [...G, 'paceCam'], status: 'fail', en: 'PACE-CAM failed: the chip does not hold the key the issuer signed, so it may be a cloned card', vi: 'Chip không chứng minh được khóa trong bước PACE-CAM: có thể là thẻ sao chép.' },
  GENUINE_NOT_OFFERED: { checks: G, status: 'not_performed', en: 'The chip offers no check that it is genuine (no Chip or Active Authentication)', vi: 'Chip không hỗ trợ kiểm tra chip thật.' },
  GENUINE_NOT_CHECKED: { checks: G, status: 'not_performed', en: 'Whether the chip is genuine could not be checked', vi: 'Chưa kiểm tra được chip có phải chip thật hay không.' },
  CA_PASSED: { checks: ['chipAuthentication'], status: 'pass', en: 'Chip Authentication passed: the chip answered under new session keys', vi: 'Xác thực chip đạt: chip trả lời đúng bằng khóa phiên mới.' },
  CA_NOT_OFFERED: { checks: ['chipAuthentication'], status: 'not_performed', en: 'The chip offers no Chip Authentication (or PACE-CAM replaced it)', vi: 'Chip không có Xác thực chip (hoặc PACE-CAM đã thay thế).' },
  CA_NOT_PERFORMED: { checks: ['chipAuthentication'], status: 'not_performed', en: 'Chip Authentication could not be run', vi: 'Chưa thực hiện được Xác thực chip.' },
  AA_PASSED: { checks: ['activeAuthentication'], status: 'pass', en: 'Active Authentication passed: the chip signed the kiosk’s random challenge', vi: 'Xác thực chủ động đạt: chip ký đúng thử thách ngẫu nhiên.' },
  AA_NOT_OFFERED: { checks: ['activeAuthentication'], status: 'not_performed', en: 'The chip offers no Active Authentication', vi: 'Chip không có Xác thực chủ động.' },
  AA_NOT_PERFORMED: { checks: ['activeAuthentication'], status: 'not_performed', en: 'Active Authentication could not be run', vi: 'Chưa thực hiện được Xác thực chủ động.' },
  PACE_CAM_PASSED: { checks: ['paceCam'], status: 'pass', en: 'PACE-CAM passed: the chip proved its key while opening the connection', vi: 'PACE-CAM đạt: chip chứng minh được khóa của nó khi mở kết nối.' },
  PACE_CAM_NOT_PERFORMED: { checks: ['paceCam'], status: 'not_performed', en: 'PACE-CAM could not be checked', vi: 'Chưa kiểm tra được PACE-CAM.' },

  // ---- issuerTrusted: the document signer chains to a trusted CSCA
  ISSUER_TRUSTED: { checks: T, status: 'pass', en: 'The issuer’s signature chains to the trusted CSCA {csca}', vi: 'Chữ ký số được xác minh tới CSCA tin cậy {csca}.' },
  CSCA_UNKNOWN: { checks: T, status: 'not_performed', en: 'No CSCA certificate {csca} is in the trust store: import the CSCA list, then check again', vi: 'Không có chứng thư CSCA {csca} trong kho tin cậy. Nhập danh sách CSCA rồi kiểm tra lại.' },
  NO_TRUST_STORE: { checks: T, status: 'not_performed', en: 'No trust store is configured', vi: 'Chưa cấu hình kho chứng thư tin cậy.' },
  NO_DOCUMENT_SIGNER: { checks: T, status: 'not_performed', en: 'No document signer certificate to check (EF.SOD missing, damaged or without one)', vi: 'Chưa kiểm tra được cơ quan cấp: thiếu chứng thư người ký (EF.SOD).' },
  DS_SIGNATURE_INVALID: { checks: T, status: 'fail', en: 'The document signer certificate is not signed by the issuer’s CSCA', vi: 'Chứng thư người ký không được CSCA của cơ quan cấp ký.' },
  DS_SIGNATURE_NOT_CHECKED: { checks: T, status: 'not_performed', en: 'The signature on the document signer certificate could not be checked', vi: 'Chưa kiểm tra được chữ ký trên chứng thư người ký.' },
  CERT_NOT_VALID: { checks: T, status: 'fail', en: 'A certificate of the issuer is expired or not yet valid', vi: 'Chứng thư ký số của cơ quan cấp không còn (hoặc chưa có) hiệu lực.' },
  CERT_KEY_USAGE: { checks: T, status: 'fail', en: 'A certificate of the issuer is not allowed for this kind of signature', vi: 'Chứng thư của cơ quan cấp không được phép dùng cho loại chữ ký này.' },
  COUNTRY_MISMATCH: { checks: T, status: 'fail', en: 'The certificate’s country does not match the country that issued the card', vi: 'Quốc gia của chứng thư không khớp với quốc gia cấp thẻ.' },
  DS_REVOKED: { checks: T, status: 'fail', en: 'The document signer certificate has been revoked', vi: 'Chứng thư ký số của cơ quan cấp đã bị thu hồi.' },
  CRL_STALE: { checks: T, status: 'fail', en: 'The newest revocation list is out of date, so revocation cannot be checked', vi: 'Danh sách thu hồi mới nhất đã quá hạn nên không kiểm tra được việc thu hồi.' },
  CHAIN_FAILED: { checks: T, status: 'fail', en: 'The issuer’s certificate chain does not verify', vi: 'Chuỗi chứng thư của cơ quan cấp không hợp lệ.' },

  // ---- documentValid: not expired; DG1, DG13 and what staff entered agree
  VALID_UNTIL: { checks: D, status: 'pass', en: 'Valid until {date}; {agreed} agree', vi: 'Còn hiệu lực đến {date}; {agreed} khớp nhau.' },
  NO_EXPIRY: { checks: D, status: 'pass', en: 'Valid without an expiry date; {agreed} agree', vi: 'Thẻ có giá trị vô thời hạn; {agreed} khớp nhau.' },
  EXPIRED: { checks: D, status: 'fail', en: 'The card expired on {date}', vi: 'Thẻ đã hết hạn ngày {date}.' },
  DG13_ID_MISMATCH: { checks: D, status: 'fail', en: 'The chip’s data does not agree with itself: the ID number differs between DG1 and DG13', vi: 'Dữ liệu trong chip không nhất quán (số định danh khác giữa DG1 và DG13).' },
  DG13_DOB_MISMATCH: { checks: D, status: 'fail', en: 'The chip’s data does not agree with itself: the date of birth differs between DG1 and DG13', vi: 'Dữ liệu trong chip không nhất quán (ngày sinh khác giữa DG1 và DG13).' },
  DG13_SEX_MISMATCH: { checks: D, status: 'fail', en: 'The chip’s data does not agree with itself: the sex differs between DG1 and DG13', vi: 'Dữ liệu trong chip không nhất quán (giới tính khác giữa DG1 và DG13).' },
  DG13_NAME_MISMATCH: { checks: D, status: 'fail', en: 'The chip’s data does not agree with itself: the name differs between DG1 and DG13', vi: 'Dữ liệu trong chip không nhất quán (họ tên khác giữa DG1 và DG13).' },
  ENTERED_ID_MISMATCH: { checks: D, status: 'fail', en: 'The ID number entered does not match the chip', vi: 'Số CCCD đã nhập không khớp với chip.' },
  QR_DOB_MISMATCH: { checks: D, status: 'fail', en: 'The date of birth in the QR code does not match the chip', vi: 'Ngày sinh trong mã QR không khớp với chip.' },
  QR_NAME_MISMATCH: { checks: D, status: 'fail', en: 'The name in the QR code does not match the chip', vi: 'Họ tên trong mã QR không khớp với chip.' },
  MRZ_NOT_READ: { checks: D, status: 'not_performed', en: 'The MRZ data group (DG1) was not read', vi: 'Chưa đọc được vùng MRZ (DG1).' },

  // ---- onlineConfirmed
  ONLINE_NOT_CONFIGURED: { checks: ['onlineConfirmed'], status: 'not_performed', en: 'No online confirmation is configured: the verdict is the kiosk’s own, offline', vi: 'Chưa cấu hình xác nhận trực tuyến; kết quả do máy tự xác minh, không cần mạng.' },

  // ---- re-verification of a saved read (chipid verify DUMP): what the file itself can and cannot prove
  RECORDED_NOT_REPROVABLE: { checks: ['chipAuthentication', 'activeAuthentication', 'paceCam'], status: 'not_performed', en: 'The reading kiosk recorded a pass, but this cannot be re-proved offline without the card, so it does not count', vi: 'Kiosk đọc thẻ ghi nhận là đạt, nhưng không thể kiểm chứng lại khi không có thẻ: chưa tính là đạt.' },
  RECORDED_VOUCHED: { checks: ['chipAuthentication', 'activeAuthentication', 'paceCam'], status: 'pass', en: 'Passed at the reading kiosk, whose trusted signature covers this file', vi: 'Đạt khi đọc thẻ; kiosk đọc thẻ đã ký số tệp và chữ ký được tin cậy nên kết quả được tính.' },
  KIOSK_SIGNATURE_TRUSTED: { checks: ['kioskSignature'], status: 'pass', en: 'The file carries a valid signature of a trusted kiosk', vi: 'Tệp có chữ ký số hợp lệ của một kiosk được tin cậy.' },
  KIOSK_SIGNATURE_INVALID: { checks: ['kioskSignature'], status: 'fail', en: 'The kiosk signature on the file is not valid: the file was changed after it was saved. Do not use it as proof', vi: 'Chữ ký của kiosk trên tệp không hợp lệ: tệp đã bị sửa sau khi lưu. Không dùng tệp này làm bằng chứng.' },
  KIOSK_SIGNATURE_UNTRUSTED: { checks: ['kioskSignature'], status: 'not_performed', en: 'The file is signed by a kiosk key that is not trusted here: only what can be re-proved from its data counts', vi: 'Tệp được ký bởi một kiosk chưa được tin cậy ở đây; chỉ tính những gì kiểm chứng lại được từ dữ liệu.' },
  KIOSK_SIGNATURE_ABSENT: { checks: ['kioskSignature'], status: 'not_performed', en: 'The file carries no kiosk signature: only what can be re-proved from its data counts', vi: 'Tệp không có chữ ký của kiosk; chỉ tính những gì kiểm chứng lại được từ dữ liệu.' },

  // ---- a read cancelled before its result (staff pressed Hủy, the reader was unplugged, the service closed)
  READ_CANCELLED: { checks: ALL, status: 'not_performed', en: 'Not checked: the read was cancelled', vi: 'Chưa kiểm tra: việc đọc thẻ đã bị hủy.' },
  // ---- a read that stopped with an error before its result (wrong key, card removed, reader fault)
  READ_FAILED: { checks: ALL, status: 'not_performed', en: 'Not checked: the read stopped with an error', vi: 'Chưa kiểm tra: việc đọc thẻ bị dừng do lỗi.' },

  // ---- events recorded before reason codes existed (their free-text reasons were dropped)
  LEGACY_PASS: { checks: ALL, status: 'pass', en: 'Passed (recorded before reason codes)', vi: 'Đạt (ghi nhận trước khi có mã lý do).' },
  LEGACY_FAIL: { checks: ALL, status: 'fail', en: 'Did not pass (recorded before reason codes)', vi: 'Không đạt (ghi nhận trước khi có mã lý do).' },
  LEGACY_NOT_PERFORMED: { checks: ALL, status: 'not_performed', en: 'Not checked (recorded before reason codes)', vi: 'Chưa kiểm tra (ghi nhận trước khi có mã lý do).' },
} as const satisfies Record<string, ReasonEntry>;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function isReasonCode(v: unknown): v is ReasonCode {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(REASONS, v);
}

export function reasonEntry(code: ReasonCode): ReasonEntry {
  return REASONS[code];
}

/** The reason codes that word one tier or check, in table order. */
export function codesOf(name: CheckName): ReasonCode[] {
  return REASON_CODES.filter((c) => (REASONS[c].checks as readonly CheckName[]).includes(name));
}

/** The parameters that may leave the live screen (storage, purpose-limited API views). */
export const STORABLE_PARAMS = ['dg', 'via', 'agreed'] as const;

const ReasonCodeSchema = v.picklist(REASON_CODES as [ReasonCode, ...ReasonCode[]]);
const ReasonParamsSchema = v.object({
  dg: v.optional(v.number()),
  via: v.optional(v.array(v.picklist(GENUINE_VIA))),
  /** ISO date (yyyy-mm-dd); personal: live screen only, never stored. */
  date: v.optional(v.string()),
  /** A certificate subject or issuer name; live screen only. */
  csca: v.optional(v.string()),
  /** What agreed with the chip ('DG1', 'DG13', 'entered', 'QR'). */
  agreed: v.optional(v.array(v.string())),
});
export type ReasonParams = v.InferOutput<typeof ReasonParamsSchema>;
/** Only the non-personal parameters: what storage keeps and purpose-limited views show. */
export type StoredParams = Pick<ReasonParams, (typeof STORABLE_PARAMS)[number]>;

export const CheckSchema = v.object({
  status: v.picklist(CHECK_STATUSES),
  /**
   * Stable reason code (REASONS above): what storage keeps and what the UI can word again. The verifier
   * always sets it; optional only for front-end stand-ins that predate codes.
   */
  code: v.optional(ReasonCodeSchema),
  /** The code's parameters; personal ones (a date) are for the live screen only, never stored. */
  params: v.optional(ReasonParamsSchema),
  /** Further problems of the same tier (e.g. expired AND the QR name differs), each a code. */
  also: v.optional(v.array(v.object({ code: ReasonCodeSchema, params: v.optional(ReasonParamsSchema) }))),
  /** Plain English, from the code. */
  reason: v.string(),
  /** The same in plain Vietnamese, for the people at the counter. */
  reasonVi: v.optional(v.string()),
  /** Technical detail for support (status words, algorithm errors); English, never stored. */
  detail: v.optional(v.string()),
  algorithm: v.optional(v.string()),
});
export type Check = v.InferOutput<typeof CheckSchema>;
/** A check as the verifier makes it: always coded. */
export type CodedCheck = Check & { code: ReasonCode };
/** A verdict's checks: every tier, and those of the checks behind them that were made. */
export type Checks = Record<TierName, CodedCheck> & Partial<Record<SubCheckName, CodedCheck>>;

/** The checks that were made, in table order (the tiers first). */
export function checkList(checks: Checks): [CheckName, CodedCheck][] {
  return CHECK_NAMES.flatMap((n): [CheckName, CodedCheck][] => {
    const c = checks[n];
    return c ? [[n, c]] : [];
  });
}

/** A check as storage keeps it (and the store's JSON holds it): `{status, code, params?, also?}`. */
export interface StoredCheck {
  status: CheckStatus;
  /** From the reason table; its status matches `status`. */
  code: ReasonCode;
  params?: StoredParams;
  /** Further problems of the same tier. */
  also?: { code: ReasonCode; params?: StoredParams }[];
}

const AGREED: Record<string, Label> = {
  DG1: { en: 'DG1', vi: 'DG1' },
  DG13: { en: 'DG13', vi: 'DG13' },
  entered: { en: 'the ID entered', vi: 'số đã nhập' },
  QR: { en: 'the QR', vi: 'mã QR' },
};

const vnDate = (iso: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

function param(name: string, p: ReasonParams, lang: 'en' | 'vi'): string {
  const and = lang === 'en' ? ' and ' : ' và ';
  switch (name) {
    case 'dg':
      return p.dg === undefined ? '?' : String(p.dg);
    case 'via':
      return (p.via ?? []).map((v) => SUB_CHECK_TABLE[VIA_CHECK[v]][lang]).join(and) || '?';
    case 'agreed': {
      const parts = (p.agreed ?? []).map((a) => AGREED[a]?.[lang] ?? a);
      if (lang === 'vi') return parts.length ? `thông tin ${parts.join(', ')}` : 'thông tin trên chip';
      return parts.join(', ') || 'the chip data';
    }
    case 'date':
      // Withheld (a stored event): the sentence still reads, without the date.
      return p.date === undefined ? '…' : lang === 'vi' ? vnDate(p.date) : p.date;
    case 'csca':
      return p.csca === undefined ? (lang === 'en' ? 'of the issuer' : 'của cơ quan cấp') : lang === 'en' ? `“${p.csca}”` : p.csca;
    default:
      return '?';
  }
}

/** The code's sentence in one language, parameters filled in (missing personal ones are left out). */
export function reasonText(code: ReasonCode, params: ReasonParams = {}, lang: 'en' | 'vi' = 'en'): string {
  const tpl = REASONS[code][lang];
  return tpl.replace(/\{(\w+)\}/g, (_, name: string) => param(name, params, lang));
}

/** Only the parameters that say nothing about the holder (see the module comment). */
export function storableParams(p: ReasonParams | undefined): StoredParams | undefined {
  if (!p) return undefined;
  const out: StoredParams = {};
  if (typeof p.dg === 'number' && Number.isInteger(p.dg) && p.dg >= 1 && p.dg <= 24) out.dg = p.dg;
  if (Array.isArray(p.via)) out.via = p.via.filter((v): v is GenuineVia => (GENUINE_VIA as readonly unknown[]).includes(v));
  if (Array.isArray(p.agreed)) out.agreed = p.agreed.filter((a) => Object.prototype.hasOwnProperty.call(AGREED, a));
  return Object.keys(out).length ? out : undefined;
}
