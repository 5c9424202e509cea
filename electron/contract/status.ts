/** A check's status, shared by the tier table (tiers.ts) and the reason table (reasons.ts). Pure. */
export const CHECK_STATUSES = ['pass', 'fail', 'not_performed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
