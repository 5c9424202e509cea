/**
 * What the WebSocket and the HTTP front of the local agent API share: who is calling (principal), whether
 * the page's Origin may use that principal, the per-client rate limit, and dispatching a validated request
 * to the service through the method table's handler map.
 */
import { API_LIMITS, CONTRACT_VERSION, PURPOSE_PHOTO, type KioskApi, type Purpose, type Result } from '../../contract/types.js';
import type { AnswerOf, CoreMethods, MethodSpec, MethodTable, MethodsOf, ParamsOf } from '../../contract/methods.js';
import { API_METHODS, type ApiMethods, type ApiRequest } from '../workflows/contracts.js';
import { apiError, isToken, type ApiErrorCode } from '../../contract/validate.js';
import { toErrorInfo } from '../../contract/errors.js';
import { ApiError } from './errors.js';
import type { ClientRecord, ClientStore } from './clients.js';
import type { UiSessions } from './launch.js';

/** The authenticated caller. The kiosk's own UI is the principal 'ui' with purpose 'kiosk'. */
export interface Principal {
  clientId: string;
  name: string;
  purpose: Purpose;
  /** The kiosk's own UI (session cookie, same origin only). */
  ui: boolean;
}

export type ApiLogLevel = 'info' | 'warn' | 'error';
/** Log entries never hold tokens, keys or identity data: ids, codes and counts only. */
export interface ApiLogEntry {
  level: ApiLogLevel;
  event: string;
  clientId?: string;
  code?: string;
  detail?: string;
}
export type ApiLogger = (entry: ApiLogEntry) => void;

/** One API log entry as one line (level, event, client, code, detail; never a token). */
export const apiLogLine = (e: ApiLogEntry): string =>
  `${e.level} ${e.event}${e.clientId ? ` ${e.clientId}` : ''}${e.code ? ` ${e.code}` : ''}${e.detail ? ` ${e.detail}` : ''}`;

export interface RateLimit {
  perSecond: number;
  burst: number;
}
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: API_LIMITS.maxRequestsPerSecond, burst: API_LIMITS.burst };

/** Token bucket: `burst` requests at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.last) / 1000) * this.limit.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Buckets per client id (all connections and HTTP calls of one client share one bucket). */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly limit: RateLimit | false) {}
  take(key: string): boolean {
    if (this.limit === false) return true;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.limit)));
    return b.take();
  }
}

export interface AuthContext {
  clients: ClientStore;
  /** The kiosk UI's launch secrets and session cookies (this server run only). */
  ui: UiSessions;
  /** This agent's own origins ('http://127.0.0.1:PORT', 'http://localhost:PORT'). */
  selfOrigins: ReadonlySet<string>;
  /** Optional site-wide allowlist: when set, an Origin must also be in it. */
  allowedOrigins: ReadonlySet<string> | undefined;
}

export const UI_PRINCIPAL: Principal = Object.freeze({ clientId: 'ui', name: 'kiosk UI', purpose: 'kiosk', ui: true });

/** An Origin that may start talking at all (before any token): own pages and paired clients' pages. */
export function originKnown(ctx: AuthContext, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (ctx.selfOrigins.has(origin)) return true;
  return ctx.clients.knownOrigins().has(origin) && (ctx.allowedOrigins === undefined || ctx.allowedOrigins.has(origin));
}

/** Whether a paired client's registration allows a page at `origin` (undefined: no browser). */
export function originAllowedFor(ctx: AuthContext, c: ClientRecord, origin: string | undefined): boolean {
  return origin === undefined ? c.allowNoOrigin : c.origins.includes(origin) && (ctx.allowedOrigins === undefined || ctx.allowedOrigins.has(origin));
}

/**
 * A paired client's token + the Origin header → principal, in one order for HTTP and WebSocket:
 * 1. an Origin this agent knows nothing of → API_FORBIDDEN_ORIGIN (403), whatever the token;
 * 2. no token, a malformed or unknown one → API_UNAUTHORIZED (401);
 * 3. a valid token from an Origin its registration does not list → API_FORBIDDEN_ORIGIN (403).
 */
export function authenticate(ctx: AuthContext, token: string | undefined, origin: string | undefined): Result<Principal> {
  if (!originKnown(ctx, origin)) return { ok: false, error: apiError('API_FORBIDDEN_ORIGIN') };
  const c = token !== undefined && isToken(token) ? ctx.clients.authenticate(token) : undefined;
  if (!c) return { ok: false, error: apiError('API_UNAUTHORIZED') };
  if (!originAllowedFor(ctx, c, origin)) return { ok: false, error: apiError('API_FORBIDDEN_ORIGIN') };
  return { ok: true, value: { clientId: c.clientId, name: c.name, purpose: c.purpose, ui: false } };
}

/** The kiosk's own page: its session cookie, sent by a browser showing this agent's origin. */
export function authenticateUi(ctx: AuthContext, cookieHeader: string | undefined, origin: string | undefined): Principal | undefined {
  return origin !== undefined && ctx.selfOrigins.has(origin) && ctx.ui.valid(cookieHeader) ? UI_PRINCIPAL : undefined;
}

/**
 * Whether an authenticated principal still holds: 'ok', 'revoked' (gone or revoked), or 'changed' (its
 * purpose or allowed origins no longer match what it said hello with).
 */
export function principalState(ctx: AuthContext, p: Principal, origin: string | undefined): 'ok' | 'revoked' | 'changed' {
  if (p.ui) return 'ok';
  const c = ctx.clients.active(p.clientId);
  if (!c) return 'revoked';
  return c.purpose === p.purpose && originAllowedFor(ctx, c, origin) ? 'ok' : 'changed';
}

/** A principal is still valid (a revoked client loses its open connections at once: ws.ts). */
export function stillActive(ctx: AuthContext, p: Principal): boolean {
  return p.ui || ctx.clients.active(p.clientId) !== undefined;
}

/** What `hello` answers. */
export function helloValue(p: Principal): { clientId: string; name: string; purpose: Purpose; contractVersion: string; limits: typeof API_LIMITS } {
  return { clientId: p.clientId, name: p.name, purpose: p.purpose, contractVersion: CONTRACT_VERSION, limits: API_LIMITS };
}

const err = (code: ApiErrorCode): Result<unknown> => ({ ok: false, error: apiError(code) });

/** What a handler knows of its call besides the params. */
export interface CallContext {
  principal: Principal;
  /** Per reader, whether this client asked for the photo on its last read there (events are filtered with it). */
  photoWanted: Map<string, boolean>;
}
export type Handler<T extends MethodTable, M extends keyof T> = (params: ParamsOf<T, M>, ctx: CallContext) => Promise<AnswerOf<T, M>>;
/** One handler per method of the table: TypeScript checks that none is missing. */
export type Handlers<T extends MethodTable> = { [M in MethodsOf<T>]: Handler<T, M> };

/** The kiosk's own methods bound to the service (its methods keep their positional arguments). */
export function coreHandlers(api: KioskApi): Handlers<CoreMethods> {
  return {
    hello: async () => {
      throw new ApiError('API_ALREADY_AUTHENTICATED', 'hello on an authenticated connection');
    },
    status: () => api.status(),
    listReaders: () => api.listReaders(),
    async startRead(q, { principal: p, photoWanted }) {
      // The photo is read off the chip only when asked for and allowed: default no.
      const photo = q.photo === true && PURPOSE_PHOTO[p.purpose] === true;
      // The event records who asked and for what (the kiosk's own page as 'kiosk-ui').
      const r = await api.startRead(q.readerId, q.key, { photo, client: { clientId: p.ui ? 'kiosk-ui' : p.clientId, purpose: p.purpose } });
      photoWanted.set(q.readerId, photo);
      return r;
    },
    cancel: (q) => api.cancel(q.readerId),
    demoCard: async (q) => {
      if (typeof api.demoCard !== 'function') throw new ApiError('API_UNKNOWN_TYPE', 'demo cards only in demo mode');
      return api.demoCard(q.readerId, q.action, q.profile);
    },
    adminUnlock: (q) => api.adminUnlock(q.pin),
    getSettings: () => api.getSettings(),
    updateSettings: (q) => api.updateSettings(q.session, q.patch),
    configureReader: (q) => {
      const { session, readerId, ...config } = q;
      return api.configureReader(session, readerId, config);
    },
    trustStatus: () => api.trustStatus(),
    changeAdminPin: (q) => api.changeAdminPin(q.session, q.newPin),
    setFirstAdminPin: (q) => api.setFirstAdminPin(q.newPin),
    exitKiosk: (q) => api.exitKiosk(q.session),
    listOperators: () => api.listOperators(),
    signIn: (q) => api.signIn(q.readerId, q.operatorId, q.pin),
    signOut: (q) => api.signOut(q.readerId),
    dashboardUnlock: (q) => api.dashboardUnlock(q.operatorId, q.pin),
    dashboardQuery: ({ session, ...q }) => api.dashboardQuery(session, q),
    dashboardExport: ({ session, format, ...q }) => api.dashboardExport(session, q, format),
  };
}

/**
 * Every method of the API bound to the service: the core's handlers, and for a workflow's method (declared
 * in its folder's contract.ts) the service's `callWorkflow`, which runs that workflow's own handler.
 */
export function apiHandlers(api: KioskApi): Handlers<ApiMethods> {
  type AnyHandler = (params: Readonly<Record<string, unknown>>, ctx: CallContext) => Promise<unknown>;
  const core = coreHandlers(api) as unknown as Record<string, AnyHandler>;
  const workflow = (method: string): AnyHandler => async (params, { principal: p }) => {
    if (!api.callWorkflow) throw new ApiError('API_UNKNOWN_TYPE', `${method} has no handler here`);
    return api.callWorkflow(method, params, { clientId: p.ui ? 'kiosk-ui' : p.clientId, purpose: p.purpose });
  };
  return Object.fromEntries(Object.keys(API_METHODS).map((m) => [m, core[m] ?? workflow(m)])) as unknown as Handlers<ApiMethods>;
}

const bound = new WeakMap<KioskApi, Handlers<ApiMethods>>();

/**
 * Runs one validated request for an authenticated principal: the purpose check from the method table,
 * then the method's handler. `photoWanted` remembers, per reader, whether this client asked for the photo
 * on its last read there (events are filtered with it).
 */
export async function dispatch(api: KioskApi, p: Principal, req: ApiRequest, photoWanted: Map<string, boolean>, log?: ApiLogger): Promise<Result<unknown>> {
  let handlers = bound.get(api);
  if (!handlers) bound.set(api, (handlers = apiHandlers(api)));
  const spec: MethodSpec | undefined = Object.prototype.hasOwnProperty.call(API_METHODS, req.type) ? API_METHODS[req.type] : undefined;
  if (!spec) return err('API_UNKNOWN_TYPE');
  // Settings, the admin PIN and kiosk mode belong to the kiosk's own screen (session cookie, same origin only).
  if (!spec.purposes.includes(p.purpose) || (spec.uiOnly && !p.ui)) {
    log?.({ level: 'warn', event: 'request-forbidden', clientId: p.clientId, code: 'API_FORBIDDEN', detail: req.type });
    return err('API_FORBIDDEN');
  }
  const { type, id: _id, ...params } = req;
  const handler = handlers[type] as (params: unknown, ctx: CallContext) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(params, { principal: p, photoWanted }) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: toErrorInfo(e) };
    const info = toErrorInfo(e);
    log?.({ level: info.code === 'INTERNAL' ? 'error' : 'info', event: 'request-failed', clientId: p.clientId, code: info.code, detail: req.type });
    return { ok: false, error: info };
  }
}
