/** Why a check needs a supervisor's override, each in Vietnamese and English (shown beside the confirm button). */
import type { BankCheckView } from './contract.js';

export const OVERRIDE_REASONS = {
  notVerified: { vi: 'Chip chưa được xác thực đầy đủ.', en: 'The chip is not fully verified.' },
  noMatch: { vi: 'Khuôn mặt không khớp với ảnh trong chip.', en: 'The face does not match the chip’s photo.' },
  liveness: { vi: 'Kiểm tra người thật không đạt.', en: 'The liveness check failed.' },
  reference: { vi: 'Ảnh trong chip không dùng được để so khuôn mặt.', en: 'The chip’s photo cannot be used for face comparison.' },
} as const;

export function overrideReasons(c: Pick<BankCheckView, 'verdict' | 'face' | 'liveness' | 'referenceFace'>): { vi: string; en: string }[] {
  const r: { vi: string; en: string }[] = [];
  if (c.verdict !== 'verified') r.push(OVERRIDE_REASONS.notVerified);
  if (c.referenceFace === 'none' || c.referenceFace === 'unusable') r.push(OVERRIDE_REASONS.reference);
  if (c.face && !c.face.match) r.push(OVERRIDE_REASONS.noMatch);
  if (c.liveness && !c.liveness.pass) r.push(OVERRIDE_REASONS.liveness);
  return r;
}
