/**
 * The verdict's vocabulary: the tiers a read is judged by, a tier's status, the overall verdict, and the
 * shape of one check. Written once as runtime schemas; the TypeScript types are inferred from them, and the
 * JSON schema of the contract is generated from them. Pure: no node:*, no DOM.
 */
import * as v from 'valibot';
import { REASON_CODES, type ReasonCode } from './reasons.js';

import { CHECK_STATUSES } from './status.js';

export { CHECK_STATUSES, type CheckStatus } from './status.js';

/** The five tiers of a verdict, in the order they are shown. */
export const TIERS = ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid', 'onlineConfirmed'] as const;
export type TierName = (typeof TIERS)[number];

export const VERDICTS = ['verified', 'not_verified', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

const ReasonCodeSchema = v.picklist(REASON_CODES as [ReasonCode, ...ReasonCode[]]);
const ReasonParamsSchema = v.object({
  dg: v.optional(v.number()),
  via: v.optional(v.array(v.picklist(['CA', 'AA', 'PACE-CAM']))),
  /** ISO date (yyyy-mm-dd); personal: live screen only, never stored. */
  date: v.optional(v.string()),
  /** A certificate subject or issuer name; live screen only. */
  csca: v.optional(v.string()),
  /** What agreed with the chip ('DG1', 'DG13', 'entered', 'QR'). */
  agreed: v.optional(v.array(v.string())),
});

export const CheckSchema = v.object({
  status: v.picklist(CHECK_STATUSES),
  /**
   * Stable reason code (REASONS in reasons.ts): what storage keeps and what the UI can word again. The
   * verifier always sets it; optional only for front-end stand-ins that predate codes.
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
