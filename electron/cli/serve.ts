/**
 * chipid serve: runs the kiosk service, the local agent API (127.0.0.1 only) and the browser UI.
 * --demo attaches in-process virtual readers with virtual cards (thẻ mẫu), trusted by the TEST CSCA in memory.
 *
 * The browser UI opens only through a one-time launch URL (printed on stdout, never written to the log);
 * --open also opens it in the desktop's browser. `chipid open` gets a new one from the running server over
 * its owner-only control socket (electron/service/api/control.ts).
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from './args.js';
import { ChipIdError, CodedError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { createKioskService } from '../service/kiosk.js';
import { systemRng } from '../service/rng.js';
import { createDemoCards } from '../vcard/demo-cards.js';
import { apiLogLine } from '../service/api/core.js';
import { startApiServer } from '../service/api/server.js';
import { openClientStore } from '../service/api/clients.js';
import { requestLaunch, startControl, writeLaunchFile } from '../service/api/control.js';
import { createFileLog, logServiceEvents } from '../service/log.js';
import { startHospitalDemo, type HospitalDemo } from './hospital-demo.js';
import { startBankDemo, type BankDemo } from './bank-demo.js';
import { WORKFLOWS } from '../service/workflows/index.js';

/** dist/renderer next to the built CLI bundle (dist/cli.mjs). */
export function rendererDir(): string | undefined {
  const dir = fileURLToPath(new URL('./renderer/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : undefined;
}

/** The desktop's "open this file" command, where there is a desktop. */
function desktopOpener(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return undefined;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
}

/**
 * Opens an owner-only launch file (never the URL itself: argv is public on Linux) in the desktop's
 * browser. False when there is no desktop opener (then the caller prints the URL).
 */
export function openInBrowser(file: () => string): boolean {
  const opener = desktopOpener();
  if (!opener) return false;
  try {
    const child = spawn(opener, [file()], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export async function cmdServe(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    demo: { type: 'boolean' },
    readers: { type: 'string' },
    port: { type: 'string' },
    'no-pcsc': { type: 'boolean' },
    'result-timeout': { type: 'string' },
    'card-timeout': { type: 'string' },
    open: { type: 'boolean' },
    workflow: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.workflow !== undefined && !WORKFLOWS.some((w) => w.name === values.workflow)) {
    throw new ChipIdError('KEY_INVALID', `--workflow must be one of ${WORKFLOWS.map((w) => w.name).join(', ')}`);
  }
  const port = Number(values.port ?? 7787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ChipIdError('KEY_INVALID', '--port must be a port number');
  const dirs = dataDir();
  const log = createFileLog(dirs.logs);
  log('serve', `start demo=${!!values.demo} pcsc=${!values['no-pcsc']}`);
  // Demo mode: the hospital's outside services are local fakes, configured the unattended way (environment).
  const hospitalDemo: HospitalDemo | undefined = values.demo ? await startHospitalDemo(dirs.root) : undefined;
  const bankDemo: BankDemo | undefined = values.demo ? await startBankDemo(dirs.root) : undefined;
  const service = await createKioskService({
    env: { ...process.env, ...(hospitalDemo?.env ?? {}) },
    ...(values.workflow !== undefined ? { defaultWorkflow: values.workflow } : {}),
    logger: (msg) => log('pcsc', msg),
    dataDir: dirs.root,
    ...(values.demo ? { demo: { cards: createDemoCards({ rng: systemRng }), readers: Number(values.readers ?? 2) } } : {}),
    pcsc: !values['no-pcsc'],
    ...(values['result-timeout'] ? { resultTimeoutMs: Number(values['result-timeout']) * 1000 } : {}),
    ...(values['card-timeout'] ? { timeoutMs: Number(values['card-timeout']) * 1000 } : {}),
  });
  const staticDir = rendererDir();
  logServiceEvents((l) => service.subscribe(l), log);
  const server = await startApiServer({
    api: service,
    port,
    clients: openClientStore(dirs.root),
    // Entries are codes and ids only (launch secrets and cookies are never passed to the logger).
    logger: (e) => log('api', apiLogLine(e)),
    ...(staticDir ? { staticDir } : {}),
  }).catch(async (e: unknown) => {
    await service.close();
    await hospitalDemo?.close();
    throw e;
  });
  const control = await startControl(dirs.root, () => server.launchUrl()).catch((e: unknown) => {
    log('serve', `control socket unavailable: ${e instanceof CodedError ? e.code : 'error'}`);
    return undefined;
  });
  const launch = staticDir ? server.launchUrl() : null;
  const opened = launch !== null && values.open === true && openInBrowser(() => writeLaunchFile(dirs.root, launch));
  const pinSet = (await service.status()).pinSet;
  const info = {
    url: server.url,
    ui: staticDir ? `${server.url}/` : null,
    launchUrl: launch,
    opened,
    pinSet,
    demo: !!values.demo,
    dataDir: dirs.root,
    ...(hospitalDemo || bankDemo ? { demoOperators: [...(hospitalDemo?.operators ?? []), ...(bankDemo?.operators ?? [])] } : {}),
  };
  if (values.json) process.stdout.write(JSON.stringify({ event: 'listening', ...info }) + '\n');
  else {
    const out: string[] = [`ChipID Kiosk service on ${server.url} (127.0.0.1 only)${values.demo ? ' — demo mode with virtual cards' : ''}`];
    if (!launch) out.push('Kiosk UI not built (npm run build:renderer); the API is available.');
    else {
      out.push(opened ? 'Kiosk UI opened in the browser.' : 'Mở kiosk / Open the kiosk (this link works once; keep it private):');
      if (!opened) out.push(`  ${launch}`);
      out.push(control ? 'Another window later: chipid open' : 'Another window later: restart chipid serve');
    }
    if (hospitalDemo) out.push(...hospitalDemo.lines);
    if (bankDemo) out.push(...bankDemo.lines);
    if (!pinSet) out.push('No admin PIN yet: set one on the Settings screen or with `chipid admin set-pin` / Chưa có mã PIN quản trị.');
    out.push('Ctrl+C to stop.');
    process.stdout.write(out.join('\n') + '\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGHUP', resolve);
    // Started by `npm start` (scripts/start.mjs): stop when that process is gone, however it ended.
    const parent = Number(process.env.CHIPID_PARENT_PID);
    if (Number.isInteger(parent) && parent > 1) {
      const t = setInterval(() => {
        if (process.ppid !== parent) {
          clearInterval(t);
          resolve();
        }
      }, 500);
      t.unref();
    }
  });
  control?.close();
  await server.close();
  await service.close();
  await hospitalDemo?.close();
  log('serve', 'stop');
  return 0;
}

/** chipid open [--print]: a new launch URL from the running `chipid serve` of this data directory. */
export async function cmdOpen(argv: string[]): Promise<number> {
  const { values } = parse(argv, { print: { type: 'boolean' }, json: { type: 'boolean' } });
  const { url, file } = await requestLaunch(dataDir().root);
  const opened = !values.print && !values.json && openInBrowser(() => file);
  if (values.json) process.stdout.write(JSON.stringify({ launchUrl: url }) + '\n');
  else if (opened) process.stdout.write('Kiosk UI opened in the browser.\n');
  else process.stdout.write(`Mở kiosk / Open the kiosk (this link works once; keep it private):\n  ${url}\n`);
  return 0;
}
