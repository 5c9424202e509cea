/**
 * Electron's safeStorage as the secrets' protector (see protector.ts). Not wired yet: the lead passes it to
 * openSecrets({ protector }) at merge. Call after app.whenReady().
 */
import { safeStorage } from 'electron';
import { protectorFromSafeStorage, type SecretProtector } from './protector.js';

export type { SecretProtector };

export function safeStorageProtector(): SecretProtector | undefined {
  return protectorFromSafeStorage(safeStorage, process.platform);
}
