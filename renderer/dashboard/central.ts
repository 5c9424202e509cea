/** The central page's data source: the central server's HTTP API with the page's bearer token. */
import * as v from 'valibot';
import { DashboardSchema, type Dashboard, type DashboardQuery, type ExportFormat } from '../../electron/contract/dashboard.js';
import { queryParams } from './period.js';
import type { DashboardDataSource, ExportedFile } from './types.js';

/** The token of `#token=…`, removed from the address bar (and the history entry) as it is read. */
export function takeToken(loc: Location, hist: History): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (!m) return null;
  hist.replaceState(null, '', loc.pathname + loc.search);
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/** An error of the central server, by HTTP status. */
export class CentralError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function centralSource(token: string, base = ''): DashboardDataSource {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    async load(q: DashboardQuery): Promise<Dashboard> {
      const r = await fetch(`${base}/api/dashboard?${queryParams(q)}`, { headers, cache: 'no-store' });
      if (!r.ok) throw new CentralError(r.status);
      return v.parse(DashboardSchema, await r.json());
    },
    async exportFile(q: DashboardQuery, format: ExportFormat): Promise<ExportedFile> {
      const r = await fetch(`${base}/api/export?${queryParams(q, { format })}`, { headers, cache: 'no-store' });
      if (!r.ok) throw new CentralError(r.status);
      const cd = r.headers.get('content-disposition') ?? '';
      const name = /filename="?([^";]+)"?/.exec(cd)?.[1] ?? `chipid-dashboard.${format}`;
      return { fileName: name, mime: r.headers.get('content-type') ?? 'application/octet-stream', base64: toBase64(new Uint8Array(await r.arrayBuffer())) };
    },
    formats: ['csv'],
    showKioskFilter: true,
  };
}
