/** IPC channel names shared by main and preload (the preload keeps its own copy: it may import only the contract). */
export const CH = {
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
  exitKiosk: 'chipid:exitKiosk',
  event: 'chipid:event',
} as const;
