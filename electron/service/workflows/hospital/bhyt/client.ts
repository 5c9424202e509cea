/**
 * The insurance (BHYT) gateway adapter: login for a token, then the card check with history
 * (KQNhanLichSuKCB2024), as COUNTERS.md ("Gateway contract") reconstructs it from public HIS integrations.
 * docs/bhyt-gateway.md says which parts are confirmed there and which we assumed.
 *
 * Secrets: the password (plain or MD5), the tokens and the patient's number, name and date of birth never reach a
 * log or an error. The token and password travel in the check's query string (the contract's way), so a transport
 * error's cause — which may name the request — is never attached to our errors; only its code is kept.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { HospitalError } from '../errors.js';
import type { InsuranceResult, InsuranceVisitSummary } from '../types.js';
import { NEW_CARD_CODES, statusOfCode } from './codes.js';

export interface GatewayConfig {
  baseUrl: string;
  username: string;
  /** MD5 hex of the password: the gateway takes the hash, so the plain password need not be kept. */
  passwordMd5: string;
  timeoutMs?: number;
  tokenPath?: string;
  checkPath?: string;
}

export interface LookupQuery {
  /** CCCD number or the 15-character BHYT card code. */
  maThe: string;
  hoTen: string;
  /** dd/mm/yyyy, or yyyy when only the year is known (toGatewayDate makes it from ISO). */
  ngaySinh: string;
  /** The operator's name and CCCD: the gateway asks who checks since 2024. */
  hoTenCb: string;
  cccdCb: string;
}

const DEFAULT_TOKEN_PATH = '/api/token/take';
const DEFAULT_CHECK_PATH = '/api/egw/KQNhanLichSuKCB2024';
const DEFAULT_TIMEOUT_MS = 15_000;
/** ASSUMED (docs/bhyt-gateway.md): when expires_in says nothing usable, a token is kept this long. */
const FALLBACK_TOKEN_TTL_MS = 60 * 60_000;
/** Take a new token a little before the old one runs out, so a check does not race its expiry. */
const TOKEN_MARGIN_MS = 60_000;
const HISTORY_SHOWN = 5;

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/** CHIPID_BHYT_URL, CHIPID_BHYT_USERNAME, CHIPID_BHYT_PASSWORD (plain; hashed here), CHIPID_BHYT_TIMEOUT_MS (optional). */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv): GatewayConfig | undefined {
  const baseUrl = env.CHIPID_BHYT_URL?.trim();
  const username = env.CHIPID_BHYT_USERNAME?.trim();
  const password = env.CHIPID_BHYT_PASSWORD;
  if (!baseUrl || !username || !password) return undefined;
  const cfg: GatewayConfig = { baseUrl, username, passwordMd5: md5Hex(password) };
  const t = Number(env.CHIPID_BHYT_TIMEOUT_MS);
  if (env.CHIPID_BHYT_TIMEOUT_MS && Number.isFinite(t) && t > 0) cfg.timeoutMs = t;
  return cfg;
}

/** '1990-04-15' → '15/04/1990'; '1990' → '1990'. Anything else is refused (the message names no value). */
export function toGatewayDate(isoOrYear: string): string {
  const s = isoOrYear.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  if (/^\d{4}$/.test(s)) return s;
  throw new RangeError('date of birth must be yyyy-mm-dd or yyyy');
}

/** dd/mm/yyyy → yyyy-mm-dd; anything else → null (we show no date rather than a wrong one). */
function fromGatewayDate(s: string | null | undefined): string | null {
  const m = s ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s.trim()) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** yyyyMMddHHmm (Vietnam local time, ASSUMED +07:00) → ISO; anything else → null. */
function fromGatewayDateTime(s: string | number | null | undefined): string | null {
  const m = s === null || s === undefined ? null : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(s).trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+07:00` : null;
}

// Loose schemas: the gateway sends many more fields (COUNTERS.md lists them); we check the types of those we use.
const opt = <T extends v.GenericSchema>(s: T) => v.optional(v.nullable(s));
const Code = v.union([v.string(), v.number()]);
const LoginAnswer = v.looseObject({
  maKetQua: Code,
  APIKey: opt(
    v.looseObject({
      access_token: opt(v.string()),
      id_token: opt(v.string()),
      username: opt(v.string()),
      expires_in: opt(v.union([v.number(), v.string()])),
    }),
  ),
});
const Visit = v.looseObject({
  maCSKCB: opt(v.string()),
  ngayVao: opt(v.union([v.string(), v.number()])),
  ngayRa: opt(v.union([v.string(), v.number()])),
  tenBenh: opt(v.string()),
});
const CheckAnswer = v.looseObject({
  maKetQua: Code,
  ghiChu: opt(v.string()),
  maThe: opt(v.string()),
  gtTheTu: opt(v.string()),
  gtTheDen: opt(v.string()),
  maDKBD: opt(v.string()),
  maTheMoi: opt(v.string()),
  gtTheTuMoi: opt(v.string()),
  gtTheDenMoi: opt(v.string()),
  maDKBDMoi: opt(v.string()),
  dsLichSuKCB2018: opt(v.array(Visit)),
});
type CheckAnswer = v.InferOutput<typeof CheckAnswer>;

/** '0' and 0 are the same code as '000' to us: a gateway (or a proxy) that sends numbers loses the padding. */
const codeOf = (c: string | number): string => (typeof c === 'number' ? String(c).padStart(3, '0') : c.trim());

interface Token {
  accessToken: string;
  idToken: string;
  username: string;
  expiresAt: number;
}

interface Reply {
  status: number;
  json: unknown;
}

export class BhytGateway {
  readonly #cfg: Required<GatewayConfig>;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;
  #token: Token | undefined;
  /** One login at a time: lookups that arrive together share it. */
  #login: Promise<Token> | undefined;

  constructor(cfg: GatewayConfig, opts: { now?: () => number; fetch?: typeof fetch } = {}) {
    this.#cfg = {
      baseUrl: cfg.baseUrl.replace(/\/+$/, ''),
      username: cfg.username,
      passwordMd5: cfg.passwordMd5.toLowerCase(),
      timeoutMs: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      tokenPath: cfg.tokenPath ?? DEFAULT_TOKEN_PATH,
      checkPath: cfg.checkPath ?? DEFAULT_CHECK_PATH,
    };
    this.#now = opts.now ?? Date.now;
    this.#fetch = opts.fetch ?? fetch;
  }

  /** For the settings screen's "test connection": login only (a fresh one, the cached token is not trusted). */
  async testLogin(): Promise<void> {
    this.#token = undefined;
    await this.#tokenNow();
  }

  async lookup(q: LookupQuery): Promise<InsuranceResult> {
    const used = await this.#tokenNow();
    let answer = await this.#check(used, q);
    if (answer === 'auth') {
      // The contract's recovery: a new token once, the check once more. Only the token that failed is dropped: a
      // lookup running beside this one may already have taken a fresh one, which is then used as it is.
      if (this.#token === used) this.#token = undefined;
      answer = await this.#check(await this.#tokenNow(), q);
      if (answer === 'auth') throw new HospitalError('HOSPITAL_GATEWAY_AUTH', 'gateway answered 401 again after a new token');
    }
    return this.#result(answer);
  }

  #tokenNow(): Promise<Token> {
    const t = this.#token;
    if (t && this.#now() < t.expiresAt) return Promise.resolve(t);
    this.#login ??= this.#takeToken().finally(() => (this.#login = undefined));
    return this.#login;
  }

  async #takeToken(): Promise<Token> {
    const reply = await this.#post(this.#cfg.tokenPath, { username: this.#cfg.username, password: this.#cfg.passwordMd5 });
    if (reply.status === 401 || reply.status === 403) throw new HospitalError('HOSPITAL_GATEWAY_AUTH', `login refused (HTTP ${reply.status})`);
    this.#httpStatus(reply, 'login');
    const parsed = v.safeParse(LoginAnswer, reply.json);
    if (!parsed.success) throw new HospitalError('HOSPITAL_GATEWAY_ANSWER', `login answer is not the contract's shape (${pathsOf(parsed.issues)})`);
    const code = codeOf(parsed.output.maKetQua);
    if (code !== '200') throw new HospitalError('HOSPITAL_GATEWAY_AUTH', `login refused (maKetQua ${safeCode(code)})`);
    const key = parsed.output.APIKey;
    if (!key?.access_token) throw new HospitalError('HOSPITAL_GATEWAY_ANSWER', 'login answer has no APIKey.access_token');
    const token: Token = {
      accessToken: key.access_token,
      idToken: key.id_token ?? '',
      username: key.username ?? this.#cfg.username,
      expiresAt: this.#expiry(key.expires_in),
    };
    this.#token = token;
    return token;
  }

  /**
   * When to stop using a token: expires_in as seconds (a number or digits, ASSUMED), or an absolute date-time as
   * some integrations show it, less a margin (at most half the lifetime, so a short-lived token is still used).
   */
  #expiry(e: number | string | null | undefined): number {
    const now = this.#now();
    let at = now + FALLBACK_TOKEN_TTL_MS;
    if (typeof e === 'number' && Number.isFinite(e) && e >= 0) at = now + e * 1000;
    else if (typeof e === 'string' && /^\d+$/.test(e.trim())) at = now + Number(e) * 1000;
    else if (typeof e === 'string' && Number.isFinite(Date.parse(e))) at = Date.parse(e);
    return at - Math.min(TOKEN_MARGIN_MS, Math.max(0, at - now) / 2);
  }

  /** The check's answer, or 'auth' when the gateway says the token is not (or no longer) good. */
  async #check(t: Token, q: LookupQuery): Promise<CheckAnswer | 'auth'> {
    const qs = new URLSearchParams({ token: t.accessToken, id_token: t.idToken, username: t.username, password: this.#cfg.passwordMd5 });
    const body = { maThe: q.maThe, hoTen: q.hoTen, ngaySinh: q.ngaySinh, hoTenCb: q.hoTenCb, cccdCb: q.cccdCb };
    const reply = await this.#post(`${this.#cfg.checkPath}?${qs.toString()}`, body);
    if (reply.status === 401) return 'auth'; // ASSUMED: an HTTP 401 means the same as maKetQua '401'
    this.#httpStatus(reply, 'check');
    const parsed = v.safeParse(CheckAnswer, reply.json);
    if (!parsed.success) throw new HospitalError('HOSPITAL_GATEWAY_ANSWER', `check answer is not the contract's shape (${pathsOf(parsed.issues)})`);
    return codeOf(parsed.output.maKetQua) === '401' ? 'auth' : parsed.output;
  }

  #httpStatus(reply: Reply, what: string): void {
    // A 5xx is the gateway (or a proxy before it) failing: like being offline, worth asking again later.
    if (reply.status >= 500) throw new HospitalError('HOSPITAL_GATEWAY_UNREACHABLE', `${what}: HTTP ${reply.status}`);
    if (reply.status < 200 || reply.status >= 300) throw new HospitalError('HOSPITAL_GATEWAY_ANSWER', `${what}: HTTP ${reply.status}`);
  }

  async #post(path: string, body: object): Promise<Reply> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.#cfg.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(this.#cfg.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: ctl.signal,
      });
      text = await res.text();
    } catch (e) {
      const why = ctl.signal.aborted ? `no answer within ${this.#cfg.timeoutMs} ms` : `transport failed (${transportCode(e)})`;
      throw new HospitalError('HOSPITAL_GATEWAY_UNREACHABLE', why);
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 500) return { status: res.status, json: undefined };
    try {
      return { status: res.status, json: JSON.parse(text) as unknown };
    } catch {
      // A 401 or 403 with an HTML body still says "not authorised"; anything else unparsable is a broken answer.
      if (res.status === 401 || res.status === 403) return { status: res.status, json: undefined };
      throw new HospitalError('HOSPITAL_GATEWAY_ANSWER', `answer is not JSON (HTTP ${res.status}, ${text.length} characters)`);
    }
  }

  #result(a: CheckAnswer): InsuranceResult {
    const code = codeOf(a.maKetQua);
    const isNew = NEW_CARD_CODES.has(code);
    const visits = a.dsLichSuKCB2018 ?? [];
    const history: InsuranceVisitSummary[] = visits
      .map((h) => ({
        facility: h.maCSKCB ?? '',
        admittedAt: fromGatewayDateTime(h.ngayVao),
        dischargedAt: fromGatewayDateTime(h.ngayRa),
        diagnosis: h.tenBenh ?? null,
      }))
      // Newest first by admission; the same-offset ISO strings sort as text. Undated visits go last.
      .sort((x, y) => (y.admittedAt ?? '').localeCompare(x.admittedAt ?? ''))
      .slice(0, HISTORY_SHOWN);
    return {
      status: statusOfCode(code),
      code,
      note: a.ghiChu ?? null,
      cardCode: (isNew ? (a.maTheMoi ?? a.maThe) : a.maThe) ?? null,
      validFrom: fromGatewayDate(isNew ? a.gtTheTuMoi : a.gtTheTu),
      validTo: fromGatewayDate(isNew ? a.gtTheDenMoi : a.gtTheDen),
      primaryFacility: (isNew ? (a.maDKBDMoi ?? a.maDKBD) : a.maDKBD) ?? null,
      history,
      historyCount: visits.length,
      checkedAt: new Date(this.#now()).toISOString(),
    };
  }
}

/** Only the names of the fields that failed: never their values. */
function pathsOf(issues: readonly v.BaseIssue<unknown>[]): string {
  const names = issues.map((i) => (i.path ?? []).map((p) => String(p.key)).join('.') || '(root)');
  return [...new Set(names)].slice(0, 5).join(', ');
}

/** A gateway code is short digits; anything else is not echoed (it could be anything the server sent). */
const safeCode = (c: string): string => (/^[0-9A-Za-z]{1,6}$/.test(c) ? c : '?');

/** The system error code of a failed fetch (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…), never its message. */
function transportCode(e: unknown): string {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  }
  return e instanceof Error && /^[A-Za-z]{1,40}$/.test(e.name) ? e.name : 'unknown';
}
