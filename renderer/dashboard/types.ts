/**
 * Where the dashboard's figures come from: the kiosk (its API, after a supervisor unlocked it) or the central
 * server (fetch with the page's token). The screen is the same; the source says what it can do.
 */
import type { Dashboard, DashboardQuery, ExportFormat } from '../../electron/contract/dashboard.js';
import type { KioskClient } from '../../electron/contract/types.js';

export interface ExportedFile {
  fileName: string;
  mime: string;
  base64: string;
}

export interface DashboardDataSource {
  load(q: DashboardQuery): Promise<Dashboard>;
  /** Absent: no export buttons; a source may export CSV only (then `formats` says so). */
  exportFile?(q: DashboardQuery, format: ExportFormat): Promise<ExportedFile>;
  formats?: readonly ExportFormat[];
  /** The central view: choose one kiosk of dashboard.kiosks. */
  showKioskFilter: boolean;
  /** Calls `onChange` when new figures may be there (a read finished); returns the unsubscribe. */
  subscribe?(onChange: () => void): () => void;
}

/** The kiosk's dashboard methods, as the contract's method table types them (electron/contract/methods.ts). */
export type DashboardKioskApi = Pick<KioskClient, 'dashboardUnlock' | 'dashboardQuery' | 'dashboardExport'>;
export type DashboardUnlock = Awaited<ReturnType<KioskClient['dashboardUnlock']>>;
