/**
 * The admin PIN: `CHIPID_ADMIN_PIN` (4–12 digits) when set, else the development default '123456' (the UI
 * warns). Compared in constant time; at most 5 wrong tries per minute. The PIN is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const DEFAULT_ADMIN_PIN = '123456';
const MAX_TRIES = 5;
const WINDOW_MS = 60_000;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function adminPin(env: NodeJS.ProcessEnv = process.env): { check(pin: unknown): boolean; isDefault: boolean } {
  const configured = env.CHIPID_ADMIN_PIN && /^\d{4,12}$/.test(env.CHIPID_ADMIN_PIN) ? env.CHIPID_ADMIN_PIN : undefined;
  const want = digest(configured ?? DEFAULT_ADMIN_PIN);
  let failures: number[] = [];
  return {
    isDefault: configured === undefined,
    check(pin: unknown): boolean {
      const now = Date.now();
      failures = failures.filter((t) => now - t < WINDOW_MS);
      if (failures.length >= MAX_TRIES) return false;
      const ok = typeof pin === 'string' && /^\d{1,12}$/.test(pin) && timingSafeEqual(digest(pin), want);
      if (!ok) failures.push(now);
      return ok;
    },
  };
}
