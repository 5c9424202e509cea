/**
 * How the kiosk's own browser UI gets in without any credential in the page. `chipid serve` mints a one-time
 * launch secret per launch (printed, opened by `npm start`, or handed out by `chipid open` over the owner-only
 * control socket); opening `/launch?k=SECRET` exchanges it for an `HttpOnly; SameSite=Strict` session cookie
 * whose value lives only in this server run's memory. `/` without that cookie is a short VN/EN page saying how
 * to open the kiosk: a local process that fetches `/` learns nothing the API accepts.
 *
 * Secrets and cookie values are kept as SHA-256 hashes (lookups do not compare secrets byte by byte).
 */
import { createHash, randomBytes } from 'node:crypto';

export const LAUNCH_PATH = '/launch';
/** How long a launch URL stays usable (it is also one-time). */
export const LAUNCH_TTL_MS = 10 * 60_000;
const MAX_SECRETS = 16;
const MAX_SESSIONS = 32;

const digest = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const fresh = (): string => randomBytes(32).toString('base64url');

export class UiSessions {
  private readonly secrets = new Map<string, number>();
  private readonly sessions = new Set<string>();
  private name = 'chipid_ui';

  constructor(private readonly now: () => number = Date.now) {}

  /** The cookie name carries the port: two agents on one machine never overwrite each other's cookie. */
  bindPort(port: number): void {
    this.name = `chipid_ui_${port}`;
  }

  get cookieName(): string {
    return this.name;
  }

  /** A new one-time launch secret (the oldest outstanding ones are dropped beyond 16). */
  mint(): string {
    const t = this.now();
    for (const [k, exp] of this.secrets) if (exp <= t) this.secrets.delete(k);
    while (this.secrets.size >= MAX_SECRETS) this.secrets.delete(this.secrets.keys().next().value as string);
    const secret = fresh();
    this.secrets.set(digest(secret), t + LAUNCH_TTL_MS);
    return secret;
  }

  /** The launch secret → a new session cookie value, once; undefined for an unknown, used or expired one. */
  exchange(secret: string | null): string | undefined {
    if (secret === null || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
    const k = digest(secret);
    const exp = this.secrets.get(k);
    this.secrets.delete(k);
    if (exp === undefined || exp <= this.now()) return undefined;
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.values().next().value as string);
    const value = fresh();
    this.sessions.add(digest(value));
    return value;
  }

  /** The `Set-Cookie` header for a session value: HttpOnly, SameSite=Strict, the whole agent, this run only. */
  setCookie(value: string): string {
    return `${this.name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether a `Cookie` request header carries a session of this server run. */
  valid(cookieHeader: string | undefined): boolean {
    if (!cookieHeader) return false;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.name) continue;
      const v = part.slice(eq + 1).trim();
      if (/^[A-Za-z0-9_-]{43}$/.test(v) && this.sessions.has(digest(v))) return true;
    }
    return false;
  }
}

/** What `/` (and every page) shows without the session cookie: how to open the kiosk. No script, no style. */
export const HOW_TO_OPEN_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>ChipID Kiosk</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Mở kiosk ChipID</h1>
<p>Trang kiosk chỉ mở được qua địa chỉ khởi động dùng một lần. Trên chính máy này, chạy <code>npm start</code> trong thư mục ứng dụng,
hoặc <code>chipid open</code> khi dịch vụ đang chạy, để mở kiosk trong trình duyệt.</p>
<h1 lang="en">Open the ChipID kiosk</h1>
<p lang="en">The kiosk page opens only through a one-time launch address. On this computer, run <code>npm start</code> in the application folder,
or <code>chipid open</code> while the service is running, to open the kiosk in the browser.</p>
</body></html>
`;
