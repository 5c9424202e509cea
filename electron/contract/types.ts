/**
 * The one typed contract shared by the Electron main process, the preload, the renderer and the local
 * agent API (HTTP + WebSocket). Pure types and constants: no node:*, no DOM, no electron.
 * Version it when a message changes shape: CONTRACT_VERSION and the JSON schema in chipid-api.schema.json.
 */


export const CONTRACT_VERSION = '1.4.0';

export { CHECK_STATUSES, TIERS, VERDICTS, CheckSchema, type Check, type CheckStatus, type TierName, type Verdict } from './tiers.js';
export type { ErrorInfo, Result } from './errors.js';
import type { Check, TierName, Verdict } from './tiers.js';
import type { ErrorInfo, Result } from './errors.js';

/** Identity fields a read can return (each may be withheld by the client's purpose). */
export const IDENTITY_FIELDS = [
  'idNumber',
  'fullName',
  'dateOfBirth',
  'sex',
  'nationality',
  'ethnicity',
  'religion',
  'placeOfOrigin',
  'placeOfResidence',
  'identifyingMarks',
  'dateOfIssue',
  'dateOfExpiry',
  'fatherName',
  'motherName',
  'spouseName',
  'oldIdNumber',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type IdentityView = Partial<Record<IdentityField, string | null>>;

export interface ReaderView {
  /** Stable id: 'virtual:N' or 'pcsc:<name>'. */
  id: string;
  name: string;
  kind: 'pcsc' | 'virtual';
  /** Operator-given label and counter assignment. */
  label?: string;
  counter?: string;
  /** The counter's workflow (always set by the service) and its signed-in operator. */
  workflow?: string;
  operator?: string;
  cardPresent: boolean;
  /** What the reader's session is doing. */
  state: SessionStateName;
  /** Reported when the reader stopped answering. */
  fault?: ErrorInfo;
}

export type SessionStateName = 'waiting' | 'key_needed' | 'reading' | 'verifying' | 'result' | 'error';

export interface ProgressView {
  step: string;
  index: number;
  count: number;
  bytesRead?: number;
  bytesTotal?: number;
  /** Every step of this read known so far, in order (names as in `step`). */
  steps?: string[];
}

/** Keys staff can give: any one of these is enough to start (see electron/service/access-keys.ts). */
export interface KeyInput {
  id?: string;
  dob?: string;
  doe?: string;
  mrz?: string;
  can?: string;
  qr?: string;
}

export interface PhotoView {
  mime: 'image/jpeg';
  /** Base64 JPEG (JPEG 2000 portraits are converted for display). Only when asked and allowed. */
  data: string;
  width: number;
  height: number;
}

export interface ReadResultView {
  readId: string;
  readerId: string;
  verdict: Verdict;
  checks: Record<TierName, Check>;
  document: { type: string; issuingState: string | null; documentNumber?: string | null };
  identity: IdentityView;
  /** Last 4 digits of the ID number: what a 'verify-only' client gets instead of identity fields. */
  idLast4?: string;
  /** DG13 fields with unknown numbers (kept, shown as "other"). */
  otherFields?: { fieldNo: number; value: string }[];
  access: { protocol: string; keySource: string; fallbackReason?: string };
  photo?: PhotoView;
  /** Where the identity came from: the chip (verified or not) — never the QR alone. */
  source: 'chip';
  timings: { totalMs: number; cardMs: number; hostMs: number; apdus: number };
  finishedAt: string;
}

/** The state machine of one reader's session, as events carry it. */
export type SessionState =
  | { state: 'waiting' }
  | { state: 'key_needed'; pace: boolean }
  | { state: 'reading'; progress: ProgressView }
  | { state: 'verifying' }
  | { state: 'result'; result: ReadResultView }
  | { state: 'error'; error: ErrorInfo; resumable: boolean };

/** Purposes limit which identity fields a client receives. */
export type Purpose = 'kiosk' | 'hospital' | 'bank' | 'verify-only';
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

// ---- operator settings and the admin session (1.1) ----

/** 'assisted': staff at the counter; 'self-service': the public uses the kiosk alone. */
export type KioskMode = 'assisted' | 'self-service';
export const KIOSK_MODES: readonly KioskMode[] = ['assisted', 'self-service'];

/** What the operator gives a reader; kept by the reader's NAME (survives restarts and re-plugging). */
export interface ReaderConfig {
  label?: string;
  counter?: string;
  /** The counter's workflow ('verify-only' when absent); the service refuses a name it has not registered. */
  workflow?: string;
  /** Who is signed in at this counter: a short label or id (same rules as a label). */
  operator?: string;
}

/** A workflow name: lower-case letters, digits and '-', starting with a letter ('' = the default). */
export const WORKFLOW_NAME_RE = /^([a-z][a-z0-9-]{0,39})?$/;

/** Limits of the operator settings (validate.ts and the service enforce them). */
export const SETTINGS_LIMITS = {
  retentionDays: { min: 1, max: 3650 },
  resultTimeoutSeconds: { min: 3, max: 600 },
  /** Reader labels and counters: printable, at most this many characters, no run of 9+ digits. */
  labelMaxLength: 64,
  /** PINs are digits only. */
  pinMinLength: 4,
  newPinMinLength: 6,
  pinMaxLength: 12,
  /**
   * The QR scanner's prefix/suffix: at most this many printable ASCII characters ('!'–'~', no space), '' = none.
   * A keyboard wedge types control characters (STX/ETX) as Ctrl+letter, which never reaches the page as text:
   * set the scanner to send a printable prefix/suffix instead.
   */
  scannerFramingMaxLength: 8,
} as const;

/** A scanner prefix/suffix the contract accepts ('' = none). */
export const SCANNER_FRAMING_RE = new RegExp(`^[!-~]{0,${SETTINGS_LIMITS.scannerFramingMaxLength}}$`);

export interface KioskSettings {
  /** Verification events (no personal data beyond the last 4 ID digits) are purged after this many days. */
  retentionDays: number;
  /** A shown result (and the screen holding it) clears after this many seconds. */
  resultTimeoutSeconds: number;
  mode: KioskMode;
  /** Demo mode (virtual readers and cards): chosen when the service starts (--demo), read-only here. */
  demo: boolean;
  /** Reader NAME → operator label and counter. */
  readers: Record<string, ReaderConfig>;
  /** An admin PIN has been set. Until then admin calls answer ADMIN_PIN_NOT_SET and the UI asks for a first PIN. */
  pinSet: boolean;
  /** Always false since 1.2 (there is no default PIN any more); kept for older screens. */
  pinIsDefault: boolean;
  /** What the keyboard-wedge QR scanner types before a code ('' = none; then a scan without it is not taken). */
  scannerPrefix: string;
  /** What it types after a code ('' = none; Enter always ends a code). */
  scannerSuffix: string;
}

/** What updateSettings may change. */
export type SettingsPatch = Partial<Pick<KioskSettings, 'retentionDays' | 'resultTimeoutSeconds' | 'mode' | 'scannerPrefix' | 'scannerSuffix'>>;

export interface TrustSourceView {
  name: string;
  kind: 'masterlist' | 'ldif' | 'cert' | 'crl';
  verified: boolean;
  /** Certificates and CRLs that came from this source. */
  count: number;
}

export interface TrustStatus {
  certificates: number;
  crls: number;
  /** Vietnam's CSCA (C=VN, self-signed) from a real source (the demo TEST CSCA does not count). */
  vietnamCsca: { present: boolean; notAfter?: string; source?: string };
  sources: TrustSourceView[];
}

export interface AdminUnlockResult {
  unlocked: boolean;
  /** The admin session (about 10 minutes), required by the calls that change something. */
  session?: string;
}

// ---- requests (client → service) ----
export type Request =
  /** `token` for paired clients; the kiosk's own UI sends none (its session cookie and Origin identify it). */
  | { type: 'hello'; id: string; token?: string; client?: string }
  | { type: 'listReaders'; id: string }
  | { type: 'startRead'; id: string; readerId: string; key: KeyInput; photo?: boolean }
  | { type: 'cancel'; id: string; readerId: string }
  | { type: 'status'; id: string }
  /** Demo mode only: place or lift the virtual card on a virtual reader. */
  | { type: 'demoCard'; id: string; readerId: string; action: 'insert' | 'remove'; profile?: string }
  // The kiosk's own UI only (API_FORBIDDEN for paired clients):
  | { type: 'adminUnlock'; id: string; pin: string }
  | { type: 'getSettings'; id: string }
  | { type: 'updateSettings'; id: string; session: string; patch: SettingsPatch }
  | { type: 'configureReader'; id: string; session: string; readerId: string; label?: string; counter?: string; workflow?: string; operator?: string }
  | { type: 'trustStatus'; id: string }
  | { type: 'changeAdminPin'; id: string; session: string; newPin: string }
  /** The FIRST admin PIN, only while none is set (ADMIN_PIN_ALREADY_SET after); answers an admin session. */
  | { type: 'setFirstAdminPin'; id: string; newPin: string }
  | { type: 'exitKiosk'; id: string; session: string };

/** Requests only the kiosk's own UI (purpose 'kiosk', same origin or IPC) may send. */
export const ADMIN_REQUEST_TYPES = ['adminUnlock', 'getSettings', 'updateSettings', 'configureReader', 'trustStatus', 'changeAdminPin', 'setFirstAdminPin', 'exitKiosk'] as const;

export type RequestType = Request['type'];

// ---- responses (service → client, answering `id`) ----
export type Response = { type: 'response'; id: string } & Result<unknown>;

// ---- events (service → client) ----
export type ServiceEvent =
  | { type: 'readerAdded'; reader: ReaderView }
  | { type: 'readerRemoved'; readerId: string }
  | { type: 'readerChanged'; reader: ReaderView }
  | { type: 'cardInserted'; readerId: string }
  | { type: 'cardRemoved'; readerId: string }
  | { type: 'session'; readerId: string; session: SessionState }
  | { type: 'progress'; readerId: string; progress: ProgressView }
  | { type: 'result'; readerId: string; result: ReadResultView }
  | { type: 'error'; readerId?: string; error: ErrorInfo }
  /** The operator settings changed (sent to the kiosk's own UI only). */
  | { type: 'settingsChanged'; settings: KioskSettings };

export type EventType = ServiceEvent['type'];

/**
 * Who asked for a read, recorded with its event: a paired client's id and purpose, 'kiosk-ui' / 'kiosk'
 * for the kiosk's own screen, 'cli' for the command line. Set only by the trusted side (the API dispatch
 * from the authenticated principal, the service's default for IPC), never taken from a request.
 */
export interface ReadClient {
  clientId: string;
  purpose: Purpose | 'cli';
}

/** What the service offers to every front end (IPC in Electron, WebSocket in a browser, local API). */
export interface KioskApi {
  listReaders(): Promise<ReaderView[]>;
  startRead(readerId: string, key: KeyInput, opts?: { photo?: boolean; client?: ReadClient }): Promise<{ started: true }>;
  cancel(readerId: string): Promise<{ cancelled: boolean }>;
  /** `pinSet: false` until a first admin PIN is set (the UI then asks for one). */
  status(): Promise<{ version: string; demo: boolean; readers: number; pcsc: 'available' | 'unavailable'; pinSet: boolean }>;
  /** Demo mode only: place (`insert`, optionally a profile) or lift (`remove`) the virtual card. */
  demoCard(readerId: string, action: 'insert' | 'remove', profile?: string): Promise<{ cardPresent: boolean }>;
  /**
   * The admin PIN → an admin session, or `{ unlocked: false }` for a wrong PIN. Wrong PINs are rate-limited
   * (ADMIN_LOCKED). The calls below that change something need the session (ADMIN_SESSION_INVALID).
   */
  adminUnlock(pin: string): Promise<AdminUnlockResult>;
  getSettings(): Promise<KioskSettings>;
  updateSettings(adminSession: string, patch: SettingsPatch): Promise<KioskSettings>;
  /** Sets (or with '' clears) a reader's label and counter; applies at once, kept by the reader's name. */
  configureReader(adminSession: string, readerId: string, config: ReaderConfig): Promise<ReaderView>;
  trustStatus(): Promise<TrustStatus>;
  changeAdminPin(adminSession: string, newPin: string): Promise<{ changed: true }>;
  /**
   * Sets the first admin PIN while none is set (first start), without an old PIN; race-safe (one caller
   * wins, the others get ADMIN_PIN_ALREADY_SET) and audited. Answers an admin session for the settings.
   */
  setFirstAdminPin(newPin: string): Promise<{ set: true; session: string }>;
  /** Electron only (kiosk mode is left by the main process); elsewhere UNSUPPORTED. */
  exitKiosk(adminSession: string): Promise<{ exited: boolean }>;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (e: ServiceEvent) => void): () => void;
}

/** Limits of the local API (also in the schema file). */
export const API_LIMITS = {
  maxMessageBytes: 16 * 1024,
  maxRequestsPerSecond: 50,
  burst: 100,
} as const;
