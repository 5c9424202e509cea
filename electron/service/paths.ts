/**
 * The one data directory that holds all state (trust store, database, settings, logs): `CHIPID_HOME` when
 * set, else the OS's application-data folder.
 */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export const APP_DIR_NAME = 'ChipID Kiosk';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHIPID_HOME) return env.CHIPID_HOME;
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'chipid-kiosk');
  }
}

/** Creates the data directory (owner-only) and returns its layout. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): { root: string; db: string; trust: string; logs: string; settings: string } {
  const root = defaultDataDir(env);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const layout = { root, db: join(root, 'chipid.sqlite'), trust: join(root, 'trust'), logs: join(root, 'logs'), settings: join(root, 'settings.json') };
  mkdirSync(layout.trust, { recursive: true, mode: 0o700 });
  mkdirSync(layout.logs, { recursive: true, mode: 0o700 });
  return layout;
}
