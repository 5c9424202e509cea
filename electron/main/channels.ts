/** IPC channel names: part of the contract (the preload uses the same table). */
export { IPC_CHANNELS as CH, IPC_EVENT_CHANNEL, ipcChannel } from '../contract/ipc.js';
