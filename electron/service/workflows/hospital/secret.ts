/**
 * The insurance gateway's password, kept apart from the settings: only its MD5 (what the gateway's contract
 * sends) is stored, in the encrypted database, never shown by getSettings, never audited by value. The
 * environment's CHIPID_BHYT_PASSWORD is used when none is stored (unattended installs, tests).
 */
import { appendAudit, getRawSetting, putRawSetting, type Storage } from '../../storage/index.js';
import { md5Hex } from './bhyt/client.js';

const KEY = 'secret.hospital.gatewayPasswordMd5';

export function gatewayPasswordMd5(s: Storage, env: NodeJS.ProcessEnv = {}): string | undefined {
  const stored = getRawSetting(s.read, KEY);
  if (stored !== undefined && /^[0-9a-f]{32}$/.test(stored)) return stored;
  return env.CHIPID_BHYT_PASSWORD ? md5Hex(env.CHIPID_BHYT_PASSWORD) : undefined;
}

/** Stores the password's MD5 ('' clears it); audited as "changed", without any value. */
export function setGatewayPassword(s: Storage, password: string, actor: string): void {
  putRawSetting(s.write, KEY, password === '' ? '' : md5Hex(password), new Date().toISOString());
  appendAudit(s.write, { actor, action: 'hospital.gateway_password_set', details: { cleared: password === '' } });
}

export function gatewayPasswordSet(s: Storage): boolean {
  return /^[0-9a-f]{32}$/.test(getRawSetting(s.read, KEY) ?? '');
}
