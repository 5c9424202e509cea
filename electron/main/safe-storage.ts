/**
 * Electron's safeStorage as the secrets' protector (see protector.ts); main passes it to the service, which
 * seals the master key with it. Call after app.whenReady().
 */
import { safeStorage } from 'electron';
import { protectorFromSafeStorage, type SecretProtector } from './protector.js';

export type { SecretProtector };

export function safeStorageProtector(): SecretProtector | undefined {
  return protectorFromSafeStorage(safeStorage, process.platform);
}
