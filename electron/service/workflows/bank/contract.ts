/**
 * What the 'bank' workflow shows the front ends: the shapes of a customer check and its receipt, and its API
 * methods in the method table's form (electron/contract/methods.ts). Pure (contract imports only): the
 * service, the preload and the renderer all read it.
 *
 * A check is made from the counter's last read (readerId): a caller can never hand in an identity or a
 * reference photo. The face is compared with the chip's own DG2 portrait, inside the service; the kiosk UI
 * only sends camera frames. A check that failed (chip not verified, faces do not match, liveness failed) can
 * be confirmed only with a supervisor's override (their own PIN), recorded as such on the signed receipt.
 */
import * as v from 'valibot';
import type { WorkflowContract } from '../../../contract/methods.js';
import { CHECK_STATUSES } from '../../../contract/tiers.js';
import { OPERATOR_ID_RE, ReaderIdSchema } from '../../../contract/views.js';
import { CHALLENGE_STEPS, LIVENESS_CODES, QUALITY_CODES } from '../../../face/types.js';

const F = 'API_INVALID_FIELD';
const M = 'API_MALFORMED';
const str = (re: RegExp, code: string = F) => v.pipe(v.string(code), v.regex(re, code));
const text = (max: number) => v.pipe(v.string(F), v.trim(), v.minLength(1, F), v.maxLength(max, F));

export const CHECK_ID_RE = /^kyc_[0-9a-z]{16}$/;
export const RECEIPT_FORMAT = 'chipid-bank-receipt/1';
export const DAY_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** ISO date of birth, or the year alone. */
export const DOB_RE = /^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$/;
export const CCCD_RE = /^[0-9]{12}$/;
export const OVERRIDE_PIN_RE = /^[0-9]{4,12}$/;
/** A camera frame as base64 JPEG: at most 180,000 characters (≈ 135 KB; a 640×480 frame at quality 0.8 is ~50 KB). */
export const FRAME_MAX_BASE64 = 180_000;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

export const CHECK_STATES = ['awaiting-face', 'challenge', 'compared', 'confirmed', 'refused', 'expired'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

const bi = v.strictObject({ vi: v.string(), en: v.string() });

export const FaceQualitySchema = v.strictObject({
  ok: v.boolean(),
  failed: v.array(v.picklist(QUALITY_CODES)),
  faceCount: v.number(),
  detectorScore: v.number(),
  faceWidthPx: v.number(),
  faceWidthRatio: v.number(),
  yawDeg: v.number(),
  pitchDeg: v.number(),
  rollDeg: v.number(),
  sharpness: v.number(),
  brightness: v.number(),
});

export const FaceResultSchema = v.strictObject({
  score: v.number(),
  threshold: v.number(),
  match: v.boolean(),
  modelVersion: v.string(),
  /** The false-accept rate the threshold was chosen for (docs/face-matching.md), e.g. 0.001. */
  targetFar: v.nullable(v.number()),
  reference: FaceQualitySchema,
  live: FaceQualitySchema,
  ms: v.number(),
});

export const LivenessSchema = v.strictObject({
  pass: v.boolean(),
  passive: v.strictObject({ antispoof: v.nullable(v.number()), liveness: v.nullable(v.number()), threshold: v.number(), pass: v.boolean() }),
  active: v.strictObject({
    steps: v.array(v.picklist(CHALLENGE_STEPS)),
    status: v.picklist(['passed', 'failed', 'not_performed']),
    ms: v.nullable(v.number()),
    failure: v.optional(v.picklist(LIVENESS_CODES)),
  }),
});

export const ChallengeViewSchema = v.strictObject({
  steps: v.array(v.picklist(CHALLENGE_STEPS)),
  /** Index of the step being asked for (steps.length when done). */
  step: v.number(),
  status: v.picklist(['running', 'passed', 'failed']),
  startedAt: v.number(),
  /** Epoch ms after which the challenge fails. */
  deadline: v.number(),
  failure: v.nullable(v.picklist(LIVENESS_CODES)),
  /** What to tell the customer now (VN/EN), null when nothing. */
  prompt: v.nullable(bi),
});

/** The bank's record of the customer as an integrator passed it over the API, compared with the chip. */
export const RecordComparisonSchema = v.strictObject({
  fields: v.array(v.strictObject({ field: v.picklist(['idNumber', 'fullName', 'dateOfBirth']), chip: v.nullable(v.string()), bank: v.string(), match: v.boolean() })),
  /** True when any field differs (name compared without diacritics, case and extra spaces). */
  drift: v.boolean(),
  comparedAt: v.string(),
});

export const OnlineConfirmationSchema = v.strictObject({
  status: v.picklist(['not_configured', 'queued', 'confirmed', 'rejected', 'error']),
  /** When the service answered (or the last attempt failed). */
  at: v.nullable(v.string()),
  /** The service's reference for its answer, and its own words. */
  reference: v.nullable(v.string()),
  note: v.nullable(v.string()),
});

export const DecisionSchema = v.strictObject({
  outcome: v.picklist(['confirmed', 'refused']),
  reason: v.nullable(v.string()),
  operatorId: v.string(),
  override: v.nullable(v.strictObject({ supervisorId: v.string(), reason: v.string() })),
  decidedAt: v.string(),
});

export const BankCheckSchema = v.strictObject({
  checkId: v.string(),
  readerId: v.string(),
  counter: v.nullable(v.string()),
  status: v.picklist(CHECK_STATES),
  /** The read's verdict ('verified' or not) and each tier's status. */
  verdict: v.string(),
  tiers: v.record(v.string(), v.picklist(CHECK_STATUSES)),
  identity: v.strictObject({
    idNumber: v.nullable(v.string()),
    fullName: v.nullable(v.string()),
    dateOfBirth: v.nullable(v.string()),
    sex: v.nullable(v.string()),
    dateOfExpiry: v.nullable(v.string()),
  }),
  /** The chip carried a portrait the face model found a face in. */
  referenceFace: v.picklist(['ready', 'pending', 'none', 'unusable']),
  challenge: v.nullable(ChallengeViewSchema),
  /** The quality of the last live frame and what to tell the customer (VN/EN). */
  quality: v.nullable(FaceQualitySchema),
  hint: v.nullable(bi),
  face: v.nullable(FaceResultSchema),
  liveness: v.nullable(LivenessSchema),
  record: v.nullable(RecordComparisonSchema),
  online: OnlineConfirmationSchema,
  /** A confirmation needs a supervisor's override (and why, VN/EN), e.g. faces do not match. */
  requiresOverride: v.boolean(),
  overrideReasons: v.array(bi),
  decision: v.nullable(DecisionSchema),
  receiptId: v.nullable(v.string()),
  readAt: v.string(),
  updatedAt: v.string(),
});

/** The signed identification receipt (fields in docs/bank.md; signature as kiosk-signature.ts). */
export const ReceiptSchema = v.looseObject({
  format: v.literal(RECEIPT_FORMAT),
  receiptId: v.string(),
  checkId: v.string(),
  issuedAt: v.string(),
  signature: v.strictObject({ algorithm: v.literal('Ed25519'), keyId: v.string(), publicKey: v.string(), value: v.string() }),
});

export const CheckRowSchema = v.strictObject({
  checkId: v.string(),
  status: v.picklist(CHECK_STATES),
  readAt: v.string(),
  verdict: v.string(),
  score: v.nullable(v.number()),
  match: v.nullable(v.boolean()),
  livenessPass: v.nullable(v.boolean()),
  overridden: v.boolean(),
  operatorId: v.nullable(v.string()),
  /** The customer as the list shows them: name and the ID number's last 4 digits. */
  fullName: v.nullable(v.string()),
  idLast4: v.nullable(v.string()),
  receiptId: v.nullable(v.string()),
});

export const BankStatusSchema = v.strictObject({
  model: v.picklist(['not_loaded', 'loading', 'ready', 'failed']),
  modelVersion: v.nullable(v.string()),
  threshold: v.number(),
  targetFar: v.nullable(v.number()),
  keepImages: v.boolean(),
  imageRetentionDays: v.number(),
  onlineConfirmation: v.picklist(['off', 'configured']),
  /** The key receipts are signed with (its public key: chipid keys public). */
  receiptKeyId: v.nullable(v.string()),
});

const OverrideSchema = v.strictObject({
  supervisorId: str(OPERATOR_ID_RE),
  pin: v.pipe(v.string(M), v.regex(OVERRIDE_PIN_RE, M)),
  reason: text(200),
});

const BANK = { purposes: ['kiosk', 'bank'], uiOnly: false } as const;
const UI = { purposes: ['kiosk'], uiOnly: true } as const;
const checkId = str(CHECK_ID_RE);

export const workflow = {
  name: 'bank',
  label: { vi: 'Xác thực khách hàng ngân hàng', en: 'Bank customer verification' },
  methods: {
    bankPending: {
      description: 'The check of the counter\u2019s last read (made when the card was read), or null when there is none.',
      params: { readerId: ReaderIdSchema },
      answer: v.nullable(BankCheckSchema),
      ...BANK,
      events: [],
    },
    bankStartChallenge: {
      description: 'Starts (or restarts) the live-face step of a check: a random challenge (turn the head, blink) with a time limit.',
      params: { readerId: ReaderIdSchema, checkId },
      answer: BankCheckSchema,
      ...UI,
      events: ['workflow'],
    },
    bankFaceFrame: {
      description: 'One camera frame (base64 JPEG) for a running challenge: its quality, the challenge\u2019s progress and, once passed, the comparison with the chip\u2019s portrait.',
      params: {
        readerId: ReaderIdSchema,
        checkId,
        jpegBase64: v.pipe(v.string(F), v.maxLength(FRAME_MAX_BASE64, 'API_TOO_LARGE'), v.regex(BASE64_RE, F)),
      },
      answer: BankCheckSchema,
      ...UI,
      events: ['workflow'],
      // The frame plus the envelope (readerId, checkId, id): well under ws's 256 KiB hard limit.
      maxMessageBytes: FRAME_MAX_BASE64 + 2048,
    },
    bankDecide: {
      description: 'The teller confirms or refuses the check (a reason is required to refuse, or to confirm one that failed; that also needs a supervisor\u2019s override). Signs the receipt.',
      params: {
        readerId: ReaderIdSchema,
        checkId,
        decision: v.picklist(['confirm', 'refuse'], F),
        reason: v.optional(text(200)),
        override: v.optional(OverrideSchema),
      },
      answer: v.strictObject({ check: BankCheckSchema, receipt: ReceiptSchema }),
      ...UI,
      events: ['workflow'],
    },
    bankCompareRecord: {
      description: 'Compares the chip\u2019s identity with the bank\u2019s record of the customer (an integrator passes it): name and date-of-birth drift is flagged on the check.',
      params: {
        checkId,
        record: v.strictObject({ idNumber: v.optional(str(CCCD_RE)), fullName: v.optional(text(120)), dateOfBirth: v.optional(str(DOB_RE)) }),
      },
      answer: BankCheckSchema,
      ...BANK,
      events: ['workflow'],
    },
    bankCheck: {
      description: 'One check: the verified identity, the face and liveness results, the decision and the receipt\u2019s id.',
      params: { checkId },
      answer: BankCheckSchema,
      ...BANK,
      events: [],
    },
    bankChecks: {
      description: 'The checks of a day (default today), newest first.',
      params: { day: v.optional(str(DAY_RE)) },
      answer: v.array(CheckRowSchema),
      ...BANK,
      events: [],
    },
    bankReceipt: {
      description: 'The signed identification receipt of a decided check (verify it offline with chipid receipt verify).',
      params: { checkId },
      answer: ReceiptSchema,
      ...BANK,
      events: [],
    },
    bankReceiptPdf: {
      description: 'The receipt as a printable PDF (base64), with the signed JSON\u2019s digest and key id on it.',
      params: { checkId },
      answer: v.strictObject({ pdfBase64: v.string(), fileName: v.string() }),
      ...BANK,
      events: [],
    },
    bankConfirmOnline: {
      description: 'Asks the police identity system\u2019s confirmation service about the check\u2019s chip (queued when offline). Never replaces the kiosk\u2019s own verdict.',
      params: { checkId },
      answer: BankCheckSchema,
      ...BANK,
      events: ['workflow'],
    },
    bankStatus: {
      description: 'The face model\u2019s state and version, the threshold and its target false-accept rate, image retention and online confirmation settings. No personal data.',
      params: {},
      answer: BankStatusSchema,
      ...BANK,
      events: [],
    },
  },
} as const satisfies WorkflowContract;

export type BankCheckView = v.InferOutput<typeof BankCheckSchema>;
export type FaceResultView = v.InferOutput<typeof FaceResultSchema>;
export type LivenessView = v.InferOutput<typeof LivenessSchema>;
export type ChallengeView = v.InferOutput<typeof ChallengeViewSchema>;
export type RecordComparisonView = v.InferOutput<typeof RecordComparisonSchema>;
export type OnlineConfirmationView = v.InferOutput<typeof OnlineConfirmationSchema>;
export type DecisionView = v.InferOutput<typeof DecisionSchema>;
export type ReceiptView = v.InferOutput<typeof ReceiptSchema>;
export type CheckRowView = v.InferOutput<typeof CheckRowSchema>;
export type BankStatusView = v.InferOutput<typeof BankStatusSchema>;
