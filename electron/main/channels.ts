/** IPC channel names shared by main and preload (the preload keeps its own copy: it may import only the contract). */
export const CH = {
  listReaders: 'chipid:listReaders',
  startRead: 'chipid:startRead',
  cancel: 'chipid:cancel',
  status: 'chipid:status',
  demoCard: 'chipid:demoCard',
  event: 'chipid:event',
  verifyAdminPin: 'chipid-shell:verifyAdminPin',
  exitKiosk: 'chipid-shell:exitKiosk',
} as const;
