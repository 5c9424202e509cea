/**
 * The shapes the service sends (answers and event payloads) and the field forms requests are made of, each
 * written once as a valibot schema. The TypeScript types are inferred from them (types.ts re-exports them),
 * the request validation runs them (validate.ts) and the JSON schema is generated from them
 * (scripts/gen-contract-schema.ts). Every `message` is the wire error code a failing field answers with.
 * Pure: no node:*, no DOM.
 */
import * as v from 'valibot';
import { CheckSchema, TIERS, VERDICTS, type TierName } from './tiers.js';

// ---- facts the schemas are built from ----

/** Identity fields a read can return (each may be withheld by the client's purpose). */
export const IDENTITY_FIELDS = [
  'idNumber',
  'fullName',
  'dateOfBirth',
  'sex',
  'nationality',
  'ethnicity',
  'religion',
  'placeOfOrigin',
  'placeOfResidence',
  'identifyingMarks',
  'dateOfIssue',
  'dateOfExpiry',
  'fatherName',
  'motherName',
  'spouseName',
  'oldIdNumber',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const PURPOSES = ['kiosk', 'hospital', 'bank', 'verify-only'] as const;
/** Purposes limit which identity fields a client receives. */
export type Purpose = (typeof PURPOSES)[number];

/** 'assisted': staff at the counter; 'self-service': the public uses the kiosk alone. */
export const KIOSK_MODES = ['assisted', 'self-service'] as const;
export type KioskMode = (typeof KIOSK_MODES)[number];

export const SESSION_STATE_NAMES = ['waiting', 'key_needed', 'reading', 'verifying', 'result', 'error'] as const;

/** Limits of the operator settings (the request schemas and the service enforce them). */
export const SETTINGS_LIMITS = {
  retentionDays: { min: 1, max: 3650 },
  resultTimeoutSeconds: { min: 3, max: 600 },
  /** Reader labels and counters: printable, at most this many characters, no run of 9+ digits. */
  labelMaxLength: 64,
  /** PINs are digits only. */
  pinMinLength: 4,
  newPinMinLength: 6,
  pinMaxLength: 12,
  /**
   * The QR scanner's prefix/suffix: at most this many printable ASCII characters ('!'–'~', no space), '' = none.
   * A keyboard wedge types control characters (STX/ETX) as Ctrl+letter, which never reaches the page as text:
   * set the scanner to send a printable prefix/suffix instead.
   */
  scannerFramingMaxLength: 8,
} as const;

/** Limits of the local API (also in the schema file). */
export const API_LIMITS = {
  maxMessageBytes: 16 * 1024,
  maxRequestsPerSecond: 50,
  burst: 100,
} as const;

// ---- field forms (requests) ----

/** Request ids: chosen by the client, echoed in the response. */
export const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
/** Tokens: 32 random bytes in base64url (43 characters); room for longer ones. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{32,128}$/;
/** Reader ids: 'virtual:N' or 'pcsc:<reader name>' (printable, no control characters). */
export const READER_ID_RE = /^(virtual:[0-9]{1,4}|pcsc:[^\u0000-\u001f\u007f]{1,200})$/;
export const CLIENT_NAME_RE = /^[^\u0000-\u001f\u007f]{1,64}$/;
export const PROFILE_RE = /^[a-z0-9-]{1,32}$/;
/** A workflow name: lower-case letters, digits and '-', starting with a letter ('' = the default). */
export const WORKFLOW_NAME_RE = /^([a-z][a-z0-9-]{0,39})?$/;
/** The PIN given to unlock: digits only (its value is checked by the service, rate-limited). */
export const PIN_RE = new RegExp(`^[0-9]{${SETTINGS_LIMITS.pinMinLength},${SETTINGS_LIMITS.pinMaxLength}}$`);
/** A new PIN: 6–12 digits (the service also refuses guessable ones: ADMIN_PIN_WEAK). */
export const NEW_PIN_RE = new RegExp(`^[0-9]{${SETTINGS_LIMITS.newPinMinLength},${SETTINGS_LIMITS.pinMaxLength}}$`);
/**
 * Reader labels and counters: printable, '' clears. A run of 9+ digits is refused: a label must never
 * carry an ID number (it is shown on screen, sent to paired clients and written to the audit log).
 */
export const LABEL_RE = new RegExp(`^(?![\\s\\S]*[0-9]{9})[^\\u0000-\\u001f\\u007f]{0,${SETTINGS_LIMITS.labelMaxLength}}$`);
/** A scanner prefix/suffix the contract accepts ('' = none). */
export const SCANNER_FRAMING_RE = new RegExp(`^[!-~]{0,${SETTINGS_LIMITS.scannerFramingMaxLength}}$`);
/** The ID number as people type it: 12 digits, with spaces, dots or dashes between groups. */
const ID_INPUT_RE = /^[\s.-]*([0-9][\s.-]*){12}$/;
/** yyyy-MM-dd, dd/MM/yyyy (or with . -) or ddMMyyyy, surrounding blanks allowed. */
const DATE_INPUT_RE = /^\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}|[0-9]{8})\s*$/;
/** QR text as a scanner types it: printable, one line or a few, bounded. */
const QR_TEXT_RE = /^[^\u0000-\u0008\u000b-\u001f\u007f]*$/;

const INVALID = 'API_INVALID_FIELD';
const MALFORMED = 'API_MALFORMED';
const KEY = 'KEY_INVALID';

/** A string of a given form; `typeCode` is answered when it is not a string (or missing). */
const text = (re: RegExp, typeCode: string = INVALID, formCode: string = INVALID) => v.pipe(v.string(typeCode), v.regex(re, formCode));

export const RequestIdSchema = text(REQUEST_ID_RE);
export const ReaderIdSchema = v.pipe(v.string(INVALID), v.maxLength(205, INVALID), v.regex(READER_ID_RE, INVALID));
export const TokenSchema = text(TOKEN_RE);
/** An admin session from adminUnlock (valid about 10 minutes). */
export const SessionSchema = v.pipe(TokenSchema, v.description('An admin session from adminUnlock (valid about 10 minutes).'));
export const LabelSchema = v.pipe(
  v.string(INVALID),
  v.maxLength(SETTINGS_LIMITS.labelMaxLength, INVALID),
  v.regex(LABEL_RE, INVALID),
  v.description(`A reader label or counter: printable, at most ${SETTINGS_LIMITS.labelMaxLength} characters, no run of 9 or more digits; '' clears it.`),
);
/** A counter's workflow ('verify-only' when absent or ''); the service refuses a name it has not registered. */
export const WorkflowNameSchema = v.pipe(v.string(INVALID), v.regex(WORKFLOW_NAME_RE, INVALID), v.description("A counter's workflow: a registered workflow's name ('' = verify-only)."));
export const ScannerFramingSchema = v.pipe(v.string(INVALID), v.maxLength(SETTINGS_LIMITS.scannerFramingMaxLength, INVALID), v.regex(SCANNER_FRAMING_RE, INVALID));
const intIn = (r: { min: number; max: number }) => v.pipe(v.number(INVALID), v.integer(INVALID), v.minValue(r.min, INVALID), v.maxValue(r.max, INVALID));

export const PurposeSchema = v.picklist(PURPOSES);
export const KioskModeSchema = v.picklist(KIOSK_MODES, INVALID);

export const DateInputSchema = v.pipe(v.string(KEY), v.regex(DATE_INPUT_RE, KEY));
/**
 * Keys staff can give: any one of these is enough to start (see electron/service/access-keys.ts). The form
 * only, not the meaning: the service plans the keys. Dates need the ID number beside them.
 */
export const KeyInputSchema = v.pipe(
  v.strictObject(
    {
      id: v.optional(v.pipe(v.string(KEY), v.maxLength(20, KEY), v.regex(ID_INPUT_RE, KEY))),
      dob: v.optional(DateInputSchema),
      doe: v.optional(DateInputSchema),
      mrz: v.optional(v.pipe(v.string(KEY), v.regex(/^[A-Za-z0-9< \r\n]{30,100}$/, KEY))),
      can: v.optional(v.pipe(v.string(KEY), v.regex(/^[0-9]{6}$/, KEY))),
      qr: v.optional(v.pipe(v.string(KEY), v.minLength(1, KEY), v.maxLength(512, KEY), v.regex(QR_TEXT_RE, KEY))),
    },
    KEY,
  ),
  v.check((k) => (k.dob === undefined && k.doe === undefined) || k.id !== undefined, KEY),
  v.check((k) => k.id !== undefined || k.can !== undefined || k.mrz !== undefined || k.qr !== undefined, KEY),
);
export type KeyInput = v.InferOutput<typeof KeyInputSchema>;

/** What updateSettings may change: known keys only (another key is API_MALFORMED), each in range. */
/** A value of a workflow's setting: short text, a number, a flag, or null. */
export const WorkflowSettingValueSchema = v.union([v.pipe(v.string(INVALID), v.maxLength(500, INVALID)), v.number(INVALID), v.boolean(INVALID), v.null(INVALID)], INVALID);

export const SettingsPatchSchema = v.strictObject(
  {
    retentionDays: v.optional(intIn(SETTINGS_LIMITS.retentionDays)),
    resultTimeoutSeconds: v.optional(intIn(SETTINGS_LIMITS.resultTimeoutSeconds)),
    mode: v.optional(KioskModeSchema),
    scannerPrefix: v.optional(ScannerFramingSchema),
    scannerSuffix: v.optional(ScannerFramingSchema),
    /** Workflow name → its settings to change (each key declared by the workflow; the service checks the value). */
    workflows: v.optional(v.record(v.pipe(v.string(INVALID), v.regex(WORKFLOW_NAME_RE, INVALID)), v.record(v.pipe(v.string(INVALID), v.maxLength(64, INVALID)), WorkflowSettingValueSchema, INVALID), INVALID)),
  },
  MALFORMED,
);
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

// ---- what the service sends ----

export const ErrorInfoSchema = v.strictObject({
  code: v.string(),
  /** English, says what to do next. */
  message: v.string(),
  /** Vietnamese, says what to do next. */
  messageVi: v.string(),
});

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const SessionStateNameSchema = v.picklist(SESSION_STATE_NAMES);
export type SessionStateName = v.InferOutput<typeof SessionStateNameSchema>;

/** Staff at the counters: a receptionist or teller, a supervisor, an admin (the admin PIN's own operator). */
export const OPERATOR_ROLES = ['reception', 'supervisor', 'admin'] as const;
export const OPERATOR_ID_RE = /^op_[0-9a-f]{8}$/;
/** An operator as the sign-in list shows them: never their full ID number. */
export const OperatorViewSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  role: v.picklist(OPERATOR_ROLES),
  cccdLast4: v.string(),
  active: v.boolean(),
});

export const ReaderViewSchema = v.strictObject({
  /** Stable id: 'virtual:N' or 'pcsc:<name>'. */
  id: v.string(),
  name: v.string(),
  kind: v.picklist(['pcsc', 'virtual']),
  /** Operator-given label and counter assignment. */
  label: v.optional(v.string()),
  counter: v.optional(v.string()),
  /** The counter's workflow (always set by the service) and its signed-in operator. */
  workflow: v.optional(v.string()),
  operator: v.optional(v.string()),
  cardPresent: v.boolean(),
  /** What the reader's session is doing. */
  state: SessionStateNameSchema,
  /** Reported when the reader stopped answering. */
  fault: v.optional(ErrorInfoSchema),
});
export type ReaderView = v.InferOutput<typeof ReaderViewSchema>;

export const ProgressViewSchema = v.strictObject({
  step: v.string(),
  index: count,
  count,
  bytesRead: v.optional(count),
  bytesTotal: v.optional(count),
  /** Every step of this read known so far, in order (names as in `step`). */
  steps: v.optional(v.array(v.string())),
});
export type ProgressView = v.InferOutput<typeof ProgressViewSchema>;

export const PhotoViewSchema = v.strictObject({
  mime: v.literal('image/jpeg'),
  /** Base64 JPEG (JPEG 2000 portraits are converted for display). Only when asked and allowed. */
  data: v.string(),
  width: count,
  height: count,
});
export type PhotoView = v.InferOutput<typeof PhotoViewSchema>;

type Each<K extends string, S extends v.GenericSchema> = v.StrictObjectSchema<{ [P in K]: S }, undefined>;
/** One strict object with the same schema under each of `keys` (the keys stay typed). */
const each = <K extends string, S extends v.GenericSchema>(keys: readonly K[], s: S): Each<K, S> =>
  v.strictObject(Object.fromEntries(keys.map((k) => [k, s])) as { [P in K]: S });

export const IdentityViewSchema = each(IDENTITY_FIELDS, v.optional(v.nullable(v.string())));
export type IdentityView = v.InferOutput<typeof IdentityViewSchema>;

export const ChecksSchema = each<TierName, typeof CheckSchema>(TIERS, CheckSchema);

export const ReadResultViewSchema = v.strictObject({
  readId: v.string(),
  readerId: v.string(),
  verdict: v.picklist(VERDICTS),
  checks: ChecksSchema,
  document: v.strictObject({ type: v.string(), issuingState: v.nullable(v.string()), documentNumber: v.optional(v.nullable(v.string())) }),
  identity: IdentityViewSchema,
  /** Last 4 digits of the ID number: what a 'verify-only' client gets instead of identity fields. */
  idLast4: v.optional(v.string()),
  /** DG13 fields with unknown numbers (kept, shown as "other"). */
  otherFields: v.optional(v.array(v.strictObject({ fieldNo: v.pipe(v.number(), v.integer()), value: v.string() }))),
  access: v.strictObject({ protocol: v.string(), keySource: v.string(), fallbackReason: v.optional(v.string()) }),
  photo: v.optional(PhotoViewSchema),
  /** Where the identity came from: the chip (verified or not) — never the QR alone. */
  source: v.literal('chip'),
  timings: v.strictObject({ totalMs: v.number(), cardMs: v.number(), hostMs: v.number(), apdus: count }),
  finishedAt: v.string(),
});
export type ReadResultView = v.InferOutput<typeof ReadResultViewSchema>;

/** The state machine of one reader's session, as events carry it. */
export const SessionStateSchema = v.variant('state', [
  v.strictObject({ state: v.literal('waiting') }),
  v.strictObject({ state: v.literal('key_needed'), pace: v.boolean() }),
  v.strictObject({ state: v.literal('reading'), progress: ProgressViewSchema }),
  v.strictObject({ state: v.literal('verifying') }),
  v.strictObject({ state: v.literal('result'), result: ReadResultViewSchema }),
  v.strictObject({ state: v.literal('error'), error: ErrorInfoSchema, resumable: v.boolean() }),
]);
export type SessionState = v.InferOutput<typeof SessionStateSchema>;

/** What the operator gives a reader; kept by the reader's NAME (survives restarts and re-plugging). */
export const ReaderConfigSchema = v.strictObject({
  label: v.optional(v.string()),
  counter: v.optional(v.string()),
  /** The counter's workflow ('verify-only' when absent). */
  workflow: v.optional(v.string()),
  /** Who is signed in at this counter: a short label or id (same rules as a label). */
  operator: v.optional(v.string()),
});
export type ReaderConfig = v.InferOutput<typeof ReaderConfigSchema>;

export const KioskSettingsSchema = v.strictObject({
  /** Verification events (no personal data beyond the last 4 ID digits) are purged after this many days. */
  retentionDays: intIn(SETTINGS_LIMITS.retentionDays),
  /** A shown result (and the screen holding it) clears after this many seconds. */
  resultTimeoutSeconds: intIn(SETTINGS_LIMITS.resultTimeoutSeconds),
  mode: KioskModeSchema,
  /** Demo mode (virtual readers and cards): chosen when the service starts (--demo), read-only here. */
  demo: v.boolean(),
  /** Reader NAME → operator label and counter. */
  readers: v.record(v.string(), ReaderConfigSchema),
  /** Workflow name → its settings (each workflow's declared keys, defaults filled in); only workflows that declare settings. */
  workflows: v.optional(v.record(v.string(), v.record(v.string(), WorkflowSettingValueSchema))),
  /** An admin PIN has been set. Until then admin calls answer ADMIN_PIN_NOT_SET and the UI asks for a first PIN. */
  pinSet: v.boolean(),
  /** Always false since 1.2 (there is no default PIN any more); kept for older screens. */
  pinIsDefault: v.boolean(),
  /** What the keyboard-wedge QR scanner types before a code ('' = none; then a scan without it is not taken). */
  scannerPrefix: ScannerFramingSchema,
  /** What it types after a code ('' = none; Enter always ends a code). */
  scannerSuffix: ScannerFramingSchema,
});
export type KioskSettings = v.InferOutput<typeof KioskSettingsSchema>;

export const TrustSourceViewSchema = v.strictObject({
  name: v.string(),
  kind: v.picklist(['masterlist', 'ldif', 'cert', 'crl']),
  verified: v.boolean(),
  /** Certificates and CRLs that came from this source. */
  count,
});
export type TrustSourceView = v.InferOutput<typeof TrustSourceViewSchema>;

export const TrustStatusSchema = v.strictObject({
  certificates: count,
  crls: count,
  /** Vietnam's CSCA (C=VN, self-signed) from a real source (the demo TEST CSCA does not count). */
  vietnamCsca: v.strictObject({ present: v.boolean(), notAfter: v.optional(v.string()), source: v.optional(v.string()) }),
  sources: v.array(TrustSourceViewSchema),
});
export type TrustStatus = v.InferOutput<typeof TrustStatusSchema>;

export const AdminUnlockResultSchema = v.strictObject({
  unlocked: v.boolean(),
  /** The admin session (about 10 minutes), required by the calls that change something. */
  session: v.optional(v.string()),
});
export type AdminUnlockResult = v.InferOutput<typeof AdminUnlockResultSchema>;

export const HelloValueSchema = v.strictObject({
  clientId: v.string(),
  name: v.string(),
  purpose: PurposeSchema,
  contractVersion: v.string(),
  limits: v.strictObject({ maxMessageBytes: v.pipe(v.number(), v.integer()), maxRequestsPerSecond: v.number(), burst: v.pipe(v.number(), v.integer()) }),
});

export const StatusValueSchema = v.strictObject({
  version: v.string(),
  demo: v.boolean(),
  readers: count,
  pcsc: v.picklist(['available', 'unavailable']),
  /** `false` until a first admin PIN is set (the UI then asks for one). */
  pinSet: v.boolean(),
});
