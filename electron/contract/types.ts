/**
 * The one typed contract shared by the Electron main process, the preload, the renderer and the local
 * agent API (HTTP + WebSocket). Pure types and constants: no node:*, no DOM, no electron. The shapes are
 * written once as schemas (views.ts, events.ts) and the calls once in the method table (methods.ts); the
 * types here are inferred from them. Version it when a message changes shape: CONTRACT_VERSION, then
 * regenerate chipid-api.schema.json (node scripts/gen-contract-schema.mjs).
 */

export const CONTRACT_VERSION = '2.3.0';

export { CHECK_STATUSES, TIERS, VERDICTS, CheckSchema, type Check, type CheckStatus, type TierName, type Verdict } from './tiers.js';
export type { ErrorInfo, Result } from './errors.js';
export {
  API_LIMITS,
  IDENTITY_FIELDS,
  KIOSK_MODES,
  PURPOSES,
  SCANNER_FRAMING_RE,
  SETTINGS_LIMITS,
  type AdminUnlockResult,
  type IdentityField,
  type IdentityView,
  type KeyInput,
  type KioskMode,
  type KioskSettings,
  type PhotoView,
  type ProgressView,
  type Purpose,
  type ReaderConfig,
  type ReaderView,
  type ReadResultView,
  type SessionState,
  type SessionStateName,
  type SettingsPatch,
  type TrustSourceView,
  type TrustStatus,
  WORKFLOW_NAME_RE,
} from './views.js';
export { EVENT_TYPES, type EventType, type ServiceEvent } from './events.js';
export type { Request, RequestType } from './validate.js';
import type { Result } from './errors.js';
import type { ServiceEvent } from './events.js';
import type { DashboardQuery, ExportFormat } from './dashboard.js';
import { CORE_METHODS, type Answer, type ClientOf, type CoreMethods } from './methods.js';
import { IDENTITY_FIELDS, type IdentityField, type KeyInput, type Purpose, type ReaderConfig, type SettingsPatch } from './views.js';

/** Purposes limit which identity fields a client receives. */
export const PURPOSE_FIELDS: Record<Purpose, readonly IdentityField[]> = {
  // The kiosk's own screen shows the card as printed on it.
  kiosk: IDENTITY_FIELDS,
  // Health-insurance check-in: who the patient is, no family or belief data.
  hospital: ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'placeOfResidence', 'dateOfExpiry'],
  // Bank KYC: identity document data incl. origin and expiry; no religion or ethnicity.
  bank: ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'placeOfOrigin', 'placeOfResidence', 'dateOfIssue', 'dateOfExpiry', 'oldIdNumber'],
  // Only the verdict and the last 4 digits of the ID.
  'verify-only': [],
};
/** Purposes that may receive the photo when they ask for it. */
export const PURPOSE_PHOTO: Record<Purpose, boolean> = { kiosk: true, hospital: true, bank: true, 'verify-only': false };

/** Requests only the kiosk's own UI (purpose 'kiosk', same origin or IPC) may send. */
export const ADMIN_REQUEST_TYPES = (Object.keys(CORE_METHODS) as (keyof CoreMethods)[]).filter((m) => CORE_METHODS[m].uiOnly);

// ---- responses (service → client, answering `id`) ----
export type Response = { type: 'response'; id: string } & Result<unknown>;

/**
 * Who asked for a read, recorded with its event: a paired client's id and purpose, 'kiosk-ui' / 'kiosk'
 * for the kiosk's own screen, 'cli' for the command line. Set only by the trusted side (the API dispatch
 * from the authenticated principal, the service's default for IPC), never taken from a request.
 */
export interface ReadClient {
  clientId: string;
  purpose: Purpose | 'cli';
}

/** Subscribes to events; returns the unsubscribe function. */
export type Subscribe = (listener: (e: ServiceEvent) => void) => () => void;

/**
 * What a front end holds (the renderer over IPC, WebSocket or the stand-in; `window.chipid`): one function
 * per method of the table, taking the method's params as one object (the request minus `type` and `id`).
 */
export type KioskClient = ClientOf<CoreMethods> & { subscribe: Subscribe };

/**
 * What the service offers (KioskService; the API dispatch binds these to the method table). Answers are the
 * table's; the arguments are positional for the service's own callers (CLI, tests).
 */
export interface KioskApi {
  listReaders(): Promise<Answer<'listReaders'>>;
  startRead(readerId: string, key: KeyInput, opts?: { photo?: boolean; client?: ReadClient }): Promise<Answer<'startRead'>>;
  cancel(readerId: string): Promise<Answer<'cancel'>>;
  status(): Promise<Answer<'status'>>;
  /** Demo mode only: place (`insert`, optionally a profile) or lift (`remove`) the virtual card. */
  demoCard(readerId: string, action: 'insert' | 'remove', profile?: string): Promise<Answer<'demoCard'>>;
  /**
   * The admin PIN → an admin session, or `{ unlocked: false }` for a wrong PIN. Wrong PINs are rate-limited
   * (ADMIN_LOCKED). The calls below that change something need the session (ADMIN_SESSION_INVALID).
   */
  adminUnlock(pin: string): Promise<Answer<'adminUnlock'>>;
  getSettings(): Promise<Answer<'getSettings'>>;
  updateSettings(adminSession: string, patch: SettingsPatch): Promise<Answer<'updateSettings'>>;
  /** Sets (or with '' clears) a reader's label and counter; applies at once, kept by the reader's name. */
  configureReader(adminSession: string, readerId: string, config: ReaderConfig): Promise<Answer<'configureReader'>>;
  trustStatus(): Promise<Answer<'trustStatus'>>;
  changeAdminPin(adminSession: string, newPin: string): Promise<Answer<'changeAdminPin'>>;
  /**
   * Sets the first admin PIN while none is set (first start), without an old PIN; race-safe (one caller
   * wins, the others get ADMIN_PIN_ALREADY_SET) and audited. Answers an admin session for the settings.
   */
  setFirstAdminPin(newPin: string): Promise<Answer<'setFirstAdminPin'>>;
  /** Electron only (kiosk mode is left by the main process); elsewhere UNSUPPORTED. */
  exitKiosk(adminSession: string): Promise<Answer<'exitKiosk'>>;
  listOperators(): Promise<Answer<'listOperators'>>;
  /** Signs an operator in at a counter with their own PIN; OPERATOR_PIN_WRONG / OPERATOR_LOCKED otherwise. */
  signIn(readerId: string, operatorId: string, pin: string): Promise<Answer<'signIn'>>;
  signOut(readerId: string): Promise<Answer<'signOut'>>;
  /** The managers' dashboard: a supervisor's or admin's PIN → a session; then a period's figures and its export. */
  dashboardUnlock(operatorId: string, pin: string): Promise<Answer<'dashboardUnlock'>>;
  dashboardQuery(session: string, q: DashboardQuery): Promise<Answer<'dashboardQuery'>>;
  dashboardExport(session: string, q: DashboardQuery, format: ExportFormat): Promise<Answer<'dashboardExport'>>;
  /**
   * A workflow's own method (declared in its folder's contract.ts, already validated by the caller), run by
   * that workflow's handler for the caller who asked. Absent where no workflow brings methods.
   */
  callWorkflow?(method: string, params: Readonly<Record<string, unknown>>, caller: ReadClient): Promise<unknown>;
  subscribe: Subscribe;
}
