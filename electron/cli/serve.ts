/**
 * chipid serve: runs the kiosk service, the local agent API (127.0.0.1 only) and the browser UI.
 * --demo attaches in-process virtual readers with virtual cards (thẻ mẫu), trusted by the TEST CSCA in memory.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { createKioskService } from '../service/kiosk.js';
import { startApiServer } from '../service/api/server.js';
import { openClientStore } from '../service/api/clients.js';
import { createFileLog, logServiceEvents } from '../service/log.js';

/** dist/renderer next to the built CLI bundle (dist/cli.mjs). */
export function rendererDir(): string | undefined {
  const dir = fileURLToPath(new URL('./renderer/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : undefined;
}

export async function cmdServe(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    demo: { type: 'boolean' },
    readers: { type: 'string' },
    port: { type: 'string' },
    'no-pcsc': { type: 'boolean' },
    'result-timeout': { type: 'string' },
    'card-timeout': { type: 'string' },
    json: { type: 'boolean' },
  });
  const port = Number(values.port ?? 7787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ChipIdError('KEY_INVALID', '--port must be a port number');
  const dirs = dataDir();
  const log = createFileLog(dirs.logs);
  log('serve', `start demo=${!!values.demo} pcsc=${!values['no-pcsc']}`);
  const service = await createKioskService({
    logger: (msg) => log('pcsc', msg),
    dataDir: dirs.root,
    ...(values.demo ? { demo: { readers: Number(values.readers ?? 2) } } : {}),
    pcsc: !values['no-pcsc'],
    ...(values['result-timeout'] ? { resultTimeoutMs: Number(values['result-timeout']) * 1000 } : {}),
    ...(values['card-timeout'] ? { timeoutMs: Number(values['card-timeout']) * 1000 } : {}),
  });
  const staticDir = rendererDir();
  const uiToken = randomBytes(32).toString('base64url');
  logServiceEvents((l) => service.subscribe(l), log);
  const server = await startApiServer({
    api: service,
    port,
    clients: openClientStore(dirs.root),
    logger: (e) => log('api', `${e.level} ${e.event}${e.clientId ? ` ${e.clientId}` : ''}${e.code ? ` ${e.code}` : ''}${e.detail ? ` ${e.detail}` : ''}`),
    ...(staticDir ? { staticDir, uiToken } : {}),
  }).catch(async (e: unknown) => {
    await service.close();
    throw e;
  });
  const info = { url: server.url, ui: staticDir ? `${server.url}/` : null, demo: !!values.demo, dataDir: dirs.root };
  if (values.json) process.stdout.write(JSON.stringify({ event: 'listening', ...info }) + '\n');
  else {
    process.stdout.write(`ChipID Kiosk service on ${server.url} (127.0.0.1 only)${values.demo ? ' — demo mode with virtual cards' : ''}\n`);
    process.stdout.write(staticDir ? `Kiosk UI: ${server.url}/\n` : 'Kiosk UI not built (npm run build:renderer); the API is available.\n');
    process.stdout.write('Ctrl+C to stop.\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await service.close();
  log('serve', 'stop');
  return 0;
}
