/**
 * The identification receipt: what the kiosk vouches for about one decided check, signed with the
 * installation's Ed25519 key (kiosk-signature.ts: the signature covers the canonical JSON of every other
 * field). It names the chip's exact data by the SHA-256 of EF.SOD and of each data group, the face score
 * against the threshold and model, the liveness result, who decided and whether a supervisor overrode. It
 * never holds an image: only the SHA-256 of the kept ones (when the bank's setting keeps them).
 *
 * verifyReceipt checks the shape strictly (a field unknown or missing, or another format, fails before the
 * signature), then the signature against the verifier's own trusted keys, and says what the receipt proves.
 */
import * as v from 'valibot';
import { CHECK_STATUSES } from '../../../contract/tiers.js';
import { checkDocumentSignature, signDocument, type KioskPublicKey, type KioskSigningKey, type SignatureCheck } from '../../kiosk-signature.js';
import { LivenessSchema, OnlineConfirmationSchema, RecordComparisonSchema, RECEIPT_FORMAT } from './contract.js';

const HEX64 = /^[0-9a-f]{64}$/;
const hex64 = v.pipe(v.string(), v.regex(HEX64));
const nstr = v.nullable(v.string());

export const ReceiptBodySchema = v.strictObject({
  format: v.literal(RECEIPT_FORMAT),
  receiptId: v.pipe(v.string(), v.regex(/^rcp_[0-9a-z]{16}$/)),
  checkId: v.pipe(v.string(), v.regex(/^kyc_[0-9a-z]{16}$/)),
  issuedAt: v.pipe(v.string(), v.isoTimestamp()),
  kiosk: v.strictObject({ keyId: v.string(), counter: nstr, readerName: v.string() }),
  purpose: v.string(),
  operator: v.strictObject({ id: v.string(), name: v.string() }),
  override: v.nullable(v.strictObject({ supervisorId: v.string(), supervisorName: v.string(), reason: v.string() })),
  outcome: v.picklist(['confirmed', 'refused']),
  reason: nstr,
  customer: v.strictObject({ idNumber: nstr, fullName: nstr, dateOfBirth: nstr }),
  document: v.strictObject({ type: v.string(), issuingState: nstr }),
  verdict: v.string(),
  tiers: v.record(v.string(), v.picklist(CHECK_STATUSES)),
  digests: v.strictObject({ algorithm: v.literal('SHA-256'), sod: v.nullable(hex64), dataGroups: v.record(v.pipe(v.string(), v.regex(/^[0-9]{1,2}$/)), hex64) }),
  face: v.nullable(v.strictObject({ score: v.number(), threshold: v.number(), match: v.boolean(), modelVersion: v.string(), targetFar: v.nullable(v.number()) })),
  /** Face compared at all (false: the teller confirmed without a comparison, e.g. no camera, with an override). */
  faceCompared: v.boolean(),
  liveness: v.nullable(LivenessSchema),
  record: v.nullable(RecordComparisonSchema),
  online: OnlineConfirmationSchema,
  images: v.nullable(v.strictObject({ kept: v.boolean(), retentionDays: v.number(), referenceSha256: v.nullable(hex64), liveSha256: v.nullable(hex64) })),
});

export const SignedReceiptSchema = v.strictObject({
  ...ReceiptBodySchema.entries,
  signature: v.strictObject({
    algorithm: v.literal('Ed25519'),
    keyId: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/)),
    publicKey: v.string(),
    value: v.string(),
  }),
});

export type ReceiptBody = v.InferOutput<typeof ReceiptBodySchema>;
export type SignedReceipt = v.InferOutput<typeof SignedReceiptSchema>;

export function signReceipt(body: ReceiptBody, key: KioskSigningKey): SignedReceipt {
  return signDocument(body, key) as SignedReceipt;
}

export interface ReceiptCheck {
  signature: SignatureCheck;
  /** What the receipt establishes, when its signature is valid and trusted (plain sentences, English). */
  proves: string[];
  /** Why it proves nothing (shape, signature, trust), or what a reader must know (an override). */
  problems: string[];
  receipt?: SignedReceipt;
}

function proofs(r: SignedReceipt, label: string): string[] {
  const p: string[] = [];
  p.push(`kiosk key ${r.signature.keyId} (${label}) issued receipt ${r.receiptId} for check ${r.checkId} at ${r.issuedAt}`);
  p.push(`counter ${r.kiosk.counter ?? '(none)'} on reader "${r.kiosk.readerName}", purpose "${r.purpose}"`);
  p.push(`operator ${r.operator.id} (${r.operator.name}) ${r.outcome} the check${r.reason ? ` (reason: ${r.reason})` : ''}`);
  if (r.override) p.push(`OVERRIDE by supervisor ${r.override.supervisorId} (${r.override.supervisorName}): ${r.override.reason}`);
  p.push(`customer ${r.customer.fullName ?? '?'}, ID ${r.customer.idNumber ?? '?'}, born ${r.customer.dateOfBirth ?? '?'}, on a ${r.document.type} of ${r.document.issuingState ?? '?'}`);
  const tiers = Object.entries(r.tiers).map(([k, s]) => `${k}=${s}`).join(', ');
  p.push(`the kiosk's verdict on the chip was ${r.verdict} (${tiers})`);
  p.push(`the chip data by SHA-256: EF.SOD ${r.digests.sod ?? '(not read)'}; ${Object.entries(r.digests.dataGroups).map(([dg, h]) => `DG${dg} ${h}`).join('; ')}`);
  if (r.face) p.push(`face score ${r.face.score.toFixed(4)} against threshold ${r.face.threshold} (${r.face.match ? 'match' : 'NO match'}), model ${r.face.modelVersion}, target FAR ${r.face.targetFar ?? 'none (this threshold did not come from the study)'}`);
  else p.push('the face was NOT compared with the chip portrait');
  if (r.liveness) p.push(`liveness ${r.liveness.pass ? 'passed' : 'FAILED'}: active challenge ${r.liveness.active.status}${r.liveness.active.failure ? ` (${r.liveness.active.failure})` : ''}, passive ${r.liveness.passive.pass ? 'pass' : 'fail'}`);
  if (r.record) p.push(`the bank's record ${r.record.drift ? 'DIFFERS from' : 'agrees with'} the chip (${r.record.fields.map((f) => `${f.field} ${f.match ? 'same' : 'differs'}`).join(', ')})`);
  p.push(`online confirmation: ${r.online.status}`);
  if (r.images) p.push(`images ${r.images.kept ? `kept for ${r.images.retentionDays} days (reference ${r.images.referenceSha256 ?? 'none'}, live ${r.images.liveSha256 ?? 'none'})` : 'not kept'}`);
  return p;
}

/** Checks a receipt (parsed JSON) offline against `trusted` keys. */
export function verifyReceipt(doc: unknown, trusted: readonly KioskPublicKey[]): ReceiptCheck {
  const parsed = v.safeParse(SignedReceiptSchema, doc);
  if (!parsed.success) {
    const what = parsed.issues
      .slice(0, 3)
      .map((i) => `${v.getDotPath(i) ?? '(document)'}: ${i.message}`)
      .join('; ');
    const fmt = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).format : undefined;
    const why = fmt !== RECEIPT_FORMAT ? `not a ${RECEIPT_FORMAT} receipt (format ${JSON.stringify(fmt) ?? 'missing'})` : `the receipt's shape is wrong (${what})`;
    return { signature: { status: 'invalid', reason: why }, proves: [], problems: [why] };
  }
  const r = parsed.output;
  const checked = checkDocumentSignature(doc as object, r.signature, trusted);
  // kiosk-signature.ts words its reasons for saved reads ("the dump"); here the document is a receipt.
  const sig = { ...checked, reason: checked.reason.replace(/\bthe dump\b/g, 'the receipt').replace(/--kiosk-key/g, '--key') } as SignatureCheck;
  if (sig.status !== 'trusted') return { signature: sig, proves: [], problems: [sig.reason], receipt: r };
  return { signature: sig, proves: proofs(r, sig.label), problems: [], receipt: r };
}
