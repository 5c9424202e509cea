// Where the Electron binary is absent (it cannot be downloaded here) the shell's wiring is checked on its
// source: the window loads app://, never file://; the scheme is registered before ready; the session's
// permission handlers use the tested policy; the agent API is started; IPC trusts the app origin only.
// The Electron smoke test (test/ui/electron.test.ts) checks the same behaviour live where the binary exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const src = (f: string): string => readFileSync(join(ROOT, 'electron/main', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('electron/main wiring', () => {
  const main = src('main.ts');
  it('loads the renderer over app://, never file://', () => {
    expect(main).not.toMatch(/loadFile\(|file:\/\/|pathToFileURL/);
    expect(main).toMatch(/loadURL\(APP_ENTRY\)/);
    expect(main).toMatch(/protocol\.handle\(APP_SCHEME,/);
  });
  it('registers the privileged scheme at module load, before ready', () => {
    const reg = main.indexOf('protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PRIVILEGES }])');
    expect(reg).toBeGreaterThan(0);
    expect(reg).toBeLessThan(main.indexOf('async function main'));
  });
  it('no header rewriting of its own: the protocol handler sends the policy', () => {
    expect(main).not.toMatch(/onHeadersReceived|Content-Security-Policy/);
  });
  it('every permission handler goes through the policy; devices denied', () => {
    expect(main).toMatch(/setPermissionRequestHandler\([\s\S]*?decidePermission\(/);
    expect(main).toMatch(/setPermissionCheckHandler\([\s\S]*?decidePermission\(/);
    expect(main).toMatch(/setDevicePermissionHandler\(\(\) => false\)/);
  });
  it('seals the master key with safeStorage: the protector goes to the service, after ready', () => {
    expect(main).toMatch(/const protector = safeStorageProtector\(\);/);
    expect(main).toMatch(/createKioskService\(\{[^}]*\.\.\.\(protector \? \{ protector \} : \{\}\)/);
    expect(main.indexOf('safeStorageProtector()')).toBeGreaterThan(main.indexOf('await app.whenReady()'));
  });
  it('starts the local agent API and IPC trusts only the app origin', () => {
    expect(main).toMatch(/startAgentApi\(/);
    expect(main).toMatch(/isTrustedUrl: isAppUrl/);
    const ipc = src('ipc.ts');
    expect(ipc).not.toMatch(/rendererUrlPrefix|startsWith/);
    expect(ipc).toMatch(/o\.isTrustedUrl\(url\)/);
  });
});
