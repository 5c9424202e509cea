/**
 * The local agent API started by the Electron main process, as `chipid serve` starts it: the same server
 * (startApiServer, 127.0.0.1 only), the same client store in the data directory, the same port setting
 * (--api-port N / CHIPID_API_PORT, default 7787; --no-api turns it off) and the same log lines. Without the
 * UI: no static files and no UI token — the window talks over IPC; the API is for paired clients (a
 * hospital HIS on the same PC). No electron import, so it is tested in plain Node.
 */
import type { KioskApi } from '../contract/types.js';
import { openClientStore } from '../service/api/clients.js';
import { apiLogLine } from '../service/api/core.js';
import { startApiServer, type ApiServer } from '../service/api/server.js';
import type { LogFn } from '../service/log.js';

export const DEFAULT_API_PORT = 7787;

export type PortSetting = { ok: true; port: number | null } | { ok: false; reason: string };

function parsePort(text: string, from: string): PortSetting {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) return { ok: false, reason: `${from} must be a port number 0–65535` };
  return { ok: true, port: Number(text) };
}

/** The API port from the command line (wins) or the environment; `port: null` = no API (--no-api). */
export function apiPortSetting(argv: readonly string[], env: NodeJS.ProcessEnv): PortSetting {
  if (argv.includes('--no-api')) return { ok: true, port: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--api-port=')) return parsePort(a.slice('--api-port='.length), '--api-port');
    if (a === '--api-port') {
      const v = argv[i + 1];
      return v === undefined || v.startsWith('-') ? { ok: false, reason: '--api-port needs a port number' } : parsePort(v, '--api-port');
    }
  }
  if (env.CHIPID_API_PORT !== undefined) return parsePort(env.CHIPID_API_PORT, 'CHIPID_API_PORT');
  return { ok: true, port: DEFAULT_API_PORT };
}

export interface AgentApiOptions {
  api: KioskApi;
  dataDir: string;
  /** process.argv and process.env (the port setting). */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  log: LogFn;
}

/**
 * Starts the agent API per the settings; undefined when it is off or cannot start (bad setting, port taken),
 * with the reason in the log: the kiosk window keeps working without it.
 */
export async function startAgentApi(o: AgentApiOptions): Promise<ApiServer | undefined> {
  const setting = apiPortSetting(o.argv, o.env);
  if (!setting.ok) {
    o.log('api', `not started: ${setting.reason}`);
    return undefined;
  }
  if (setting.port === null) {
    o.log('api', 'off (--no-api)');
    return undefined;
  }
  try {
    const server = await startApiServer({
      api: o.api,
      port: setting.port,
      clients: openClientStore(o.dataDir),
      logger: (e) => o.log('api', apiLogLine(e)),
    });
    o.log('api', `listening ${new URL(server.url).host}`);
    return server;
  } catch (e) {
    const code = e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
    o.log('api', `not started: ${code}`);
    return undefined;
  }
}
