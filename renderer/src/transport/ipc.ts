/** Electron: the preload exposes the contract as `window.chipid` (contextBridge); nothing else. */
import type { KioskApi } from '../../../electron/contract/types.js';
import type { ShellApi, Transport } from './types.js';

export function ipcTransport(api: KioskApi, shell?: ShellApi): Transport {
  return {
    kind: 'ipc',
    api,
    ...(shell ? { shell } : {}),
    onConnection: () => () => undefined,
    connection: () => 'open',
  };
}
