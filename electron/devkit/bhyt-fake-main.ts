/**
 * Runs the insurance gateway fake with the demo cards, for demo mode and for a person trying the kiosk:
 *   npm run build && node dist/bhyt-fake.mjs --port 7790 [--host 127.0.0.1] [--username U] [--password P] [--ttl SECONDS]
 * It prints the URL, username and password to put in Settings → Insurance gateway (or CHIPID_BHYT_URL,
 * CHIPID_BHYT_USERNAME, CHIPID_BHYT_PASSWORD). The password is a demo one for a local fake, so printing it is fine.
 */
import { DEMO_CARDS, startFakeGateway } from './bhyt-fake.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  return v && !v.startsWith('--') ? v : fallback;
}

const port = Number(arg('port', '7790'));
const ttl = Number(arg('ttl', '3600'));
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(ttl) || ttl < 0) {
  process.stderr.write('usage: node dist/bhyt-fake.mjs [--port 7790] [--host 127.0.0.1] [--username U] [--password P] [--ttl SECONDS]\n');
  process.exit(2);
}
const username = arg('username', 'kiosk-demo');
const password = arg('password', 'demo-bhyt-2026');

const fake = await startFakeGateway({ username, password, port, host: arg('host', '127.0.0.1'), tokenTtlSeconds: ttl, cards: DEMO_CARDS });
process.stdout.write(
  [
    'BHYT gateway fake (demo cards, synthetic people only)',
    `url:      ${fake.url}`,
    `username: ${username}`,
    `password: ${password}`,
    `try:      CHIPID_BHYT_URL=${fake.url} CHIPID_BHYT_USERNAME=${username} CHIPID_BHYT_PASSWORD=${password}`,
    '',
  ].join('\n'),
);
const stop = (): void => void fake.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
