/**
 * Seals the master key with Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on
 * Linux). No electron import: safe-storage.ts hands in the real safeStorage; tests a stand-in keyring.
 * No protector where safeStorage would protect nothing: encryption unavailable, or Linux's `basic_text`
 * backend (a password hard-coded in Chromium) — the caller then keeps its default (a key file outside the
 * data folder). Call only after the app is ready.
 */

import type { SecretProtector } from '../service/secrets.js';

export type { SecretProtector };

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function protectorFromSafeStorage(ss: SafeStorageLike, platform: NodeJS.Platform): SecretProtector | undefined {
  let backend: string = platform;
  try {
    if (!ss.isEncryptionAvailable()) return undefined;
    if (platform === 'linux') {
      backend = ss.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text' || backend === 'unknown') return undefined;
    }
  } catch {
    return undefined;
  }
  return {
    kind: `electron-safestorage:${backend}`,
    // safeStorage seals strings: the bytes travel as base64, checked on the way back.
    seal: (plain) => new Uint8Array(ss.encryptString(Buffer.from(plain).toString('base64'))),
    unseal(sealed) {
      const text = ss.decryptString(Buffer.from(sealed));
      if (!BASE64.test(text)) throw new Error('safeStorage: the sealed value is not one this kiosk wrote');
      return new Uint8Array(Buffer.from(text, 'base64'));
    },
  };
}
