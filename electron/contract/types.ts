/**
 * The one typed contract shared by the Electron main process, the preload, the renderer and the local
 * agent API (HTTP + WebSocket). Pure types and constants: no node:*, no DOM, no electron.
 * Version it when a message changes shape: CONTRACT_VERSION and the JSON schema in chipid-api.schema.json.
 */

export const CONTRACT_VERSION = '1.0.0';

export type CheckStatus = 'pass' | 'fail' | 'not_performed';
export interface Check {
  status: CheckStatus;
  reason: string;
  algorithm?: string;
}

export type TierName = 'chipDataIntact' | 'chipGenuine' | 'issuerTrusted' | 'documentValid' | 'onlineConfirmed';
export const TIERS: readonly TierName[] = ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid', 'onlineConfirmed'];
export type Verdict = 'verified' | 'not_verified' | 'error';

export interface ErrorInfo {
  code: string;
  /** English, says what to do next. */
  message: string;
  /** Vietnamese, says what to do next. */
  messageVi: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

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

// ---- requests (client → service) ----
export type Request =
  | { type: 'hello'; id: string; token: string; client?: string }
  | { type: 'listReaders'; id: string }
  | { type: 'startRead'; id: string; readerId: string; key: KeyInput; photo?: boolean }
  | { type: 'cancel'; id: string; readerId: string }
  | { type: 'status'; id: string }
  /** Demo mode only: place or lift the virtual card on a virtual reader. */
  | { type: 'demoCard'; id: string; readerId: string; action: 'insert' | 'remove'; profile?: string };

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
  | { type: 'error'; readerId?: string; error: ErrorInfo };

export type EventType = ServiceEvent['type'];

/** What the service offers to every front end (IPC in Electron, WebSocket in a browser, local API). */
export interface KioskApi {
  listReaders(): Promise<ReaderView[]>;
  startRead(readerId: string, key: KeyInput, opts?: { photo?: boolean }): Promise<{ started: true }>;
  cancel(readerId: string): Promise<{ cancelled: boolean }>;
  status(): Promise<{ version: string; demo: boolean; readers: number; pcsc: 'available' | 'unavailable' }>;
  /** Demo mode only: place (`insert`, optionally a profile) or lift (`remove`) the virtual card. */
  demoCard(readerId: string, action: 'insert' | 'remove', profile?: string): Promise<{ cardPresent: boolean }>;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (e: ServiceEvent) => void): () => void;
}

/** Limits of the local API (also in the schema file). */
export const API_LIMITS = {
  maxMessageBytes: 16 * 1024,
  maxRequestsPerSecond: 50,
  burst: 100,
} as const;
