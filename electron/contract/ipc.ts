/** IPC channel names of the contract in Electron (main registers them, the preload invokes them). */
export const IPC_CHANNELS = {
  listReaders: 'chipid:listReaders',
  startRead: 'chipid:startRead',
  cancel: 'chipid:cancel',
  status: 'chipid:status',
  demoCard: 'chipid:demoCard',
  adminUnlock: 'chipid:adminUnlock',
  getSettings: 'chipid:getSettings',
  updateSettings: 'chipid:updateSettings',
  configureReader: 'chipid:configureReader',
  trustStatus: 'chipid:trustStatus',
  changeAdminPin: 'chipid:changeAdminPin',
  setFirstAdminPin: 'chipid:setFirstAdminPin',
  exitKiosk: 'chipid:exitKiosk',
  event: 'chipid:event',
} as const;
