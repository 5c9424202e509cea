/**
 * IPC channel names of the contract in Electron (main registers them, the preload invokes them): one per
 * callable method of the table, 'chipid:<method>', and the event channel.
 */
import { CORE_METHODS, callableMethods, type CallableMethod, type MethodTable } from './methods.js';

export const IPC_PREFIX = 'chipid:';
export const IPC_EVENT_CHANNEL = 'chipid:event';

/** The channel of a method. */
export const ipcChannel = (method: string): string => `${IPC_PREFIX}${method}`;

/** Every method channel of a table (what main registers). */
export const ipcChannels = (table: MethodTable): string[] => callableMethods(table).map(ipcChannel);

/** Every channel by method name, and `event` (for code that names one channel). */
export const IPC_CHANNELS = {
  ...(Object.fromEntries(callableMethods(CORE_METHODS).map((m) => [m, ipcChannel(m)])) as Record<CallableMethod, string>),
  event: IPC_EVENT_CHANNEL,
} as const;
