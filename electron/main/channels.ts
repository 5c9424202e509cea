/** IPC channel names: part of the contract (the preload uses the same table). */
export { IPC_CHANNELS as CH } from '../contract/ipc.js';
