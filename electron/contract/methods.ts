/**
 * The method table: every call of the contract, written once. Per method: what it does, its parameters (the
 * request minus `type` and `id`; each field's schema carries the error code it answers with), its answer,
 * which purposes may call it (and whether only the kiosk's own UI may), and which events it may cause.
 * Everything else is derived from this table: the TypeScript types below, the request validation
 * (validate.ts), the IPC channels and handlers (ipc.ts, electron/main/ipc.ts), the preload bridge, the API
 * dispatch (electron/service/api/core.ts), the renderer's clients and the JSON schema
 * (scripts/gen-contract-schema.ts). A workflow adds its own methods in the same form (MethodTable) from its
 * folder; electron/service/workflows/contracts.ts merges them with these. Pure: no node:*, no DOM.
 */
import * as v from 'valibot';
import type { EventType } from './events.js';
import { DashboardQuerySchema, DashboardSchema, EXPORT_FORMATS } from './dashboard.js';
import {
  AdminUnlockResultSchema,
  HelloValueSchema,
  KeyInputSchema,
  KioskSettingsSchema,
  LabelSchema,
  PURPOSES,
  ReaderIdSchema,
  ReaderViewSchema,
  SessionSchema,
  SettingsPatchSchema,
  StatusValueSchema,
  TrustStatusSchema,
  WorkflowNameSchema,
  CLIENT_NAME_RE,
  NEW_PIN_RE,
  OPERATOR_ID_RE,
  OperatorViewSchema,
  PIN_RE,
  PROFILE_RE,
  TOKEN_RE,
  type Purpose,
} from './views.js';

export interface MethodSpec<P extends v.ObjectEntries = v.ObjectEntries, A extends v.GenericSchema = v.GenericSchema> {
  /** One line for integrators (goes into the JSON schema). */
  readonly description: string;
  /** The request's fields besides `type` and `id`. */
  readonly params: P;
  readonly answer: A;
  /** Purposes of the callers that may send it (API_FORBIDDEN for the others). */
  readonly purposes: readonly Purpose[];
  /** Only the kiosk's own screen (IPC, or the local API with the launch session cookie) may send it. */
  readonly uiOnly: boolean;
  /** Events the call may cause (sent to every subscriber, filtered per purpose). */
  readonly events: readonly EventType[];
  /**
   * A request of this method may be this many bytes on the wire (default API_LIMITS.maxMessageBytes): for the
   * few that carry data, such as a camera frame. Only after hello: a greeting is always held to the default.
   */
  readonly maxMessageBytes?: number;
}
export type MethodTable = Readonly<Record<string, MethodSpec>>;

/**
 * What a workflow shows the front ends, from its folder (`electron/service/workflows/<name>/contract.ts`):
 * its name (lower-case letters, digits, '-'), its labels and its own methods (none may redefine a core one).
 */
export interface WorkflowContract {
  readonly name: string;
  readonly label: { readonly vi: string; readonly en: string };
  readonly methods: MethodTable;
}

/** Keeps a method's literal types while checking it against MethodSpec. */
const method = <P extends v.ObjectEntries, A extends v.GenericSchema>(m: MethodSpec<P, A>): MethodSpec<P, A> => m;

const ANYONE = PURPOSES;
const KIOSK_UI = { purposes: ['kiosk'], uiOnly: true } as const;
const OPEN = { purposes: ANYONE, uiOnly: false } as const;

const str = <T extends string>(re: RegExp, typeCode: T, formCode: string = 'API_INVALID_FIELD') => v.pipe(v.string(typeCode), v.regex(re, formCode));

/** The kiosk's own calls (every workflow has them). */
export const CORE_METHODS = {
  hello: method({
    description: 'First message on a WebSocket: a paired client\u2019s token (the kiosk\u2019s own UI sends none: its session cookie and Origin identify it).',
    // A malformed token is an unknown token: say "unauthorized", not how it is malformed.
    params: { token: v.optional(str(TOKEN_RE, 'API_MALFORMED', 'API_UNAUTHORIZED')), client: v.optional(str(CLIENT_NAME_RE, 'API_INVALID_FIELD')) },
    answer: HelloValueSchema,
    ...OPEN,
    events: [],
  }),
  listReaders: method({ description: 'The readers and what each is doing.', params: {}, answer: v.array(ReaderViewSchema), ...OPEN, events: [] }),
  startRead: method({
    description: 'Starts a read on a reader with the key staff gave; the result comes as events. The photo only when asked and allowed.',
    params: { readerId: ReaderIdSchema, key: KeyInputSchema, photo: v.optional(v.boolean('API_INVALID_FIELD')) },
    answer: v.strictObject({ started: v.literal(true) }),
    ...OPEN,
    events: ['session', 'error'],
  }),
  cancel: method({
    description: 'Cancels the read on a reader.',
    params: { readerId: ReaderIdSchema },
    answer: v.strictObject({ cancelled: v.boolean() }),
    ...OPEN,
    events: ['session'],
  }),
  status: method({ description: 'Version, demo mode, readers, PC/SC and whether an admin PIN is set. No personal data.', params: {}, answer: StatusValueSchema, ...OPEN, events: [] }),
  demoCard: method({
    description: 'Demo mode only: place (optionally a profile) or lift the virtual card on a virtual reader.',
    params: { readerId: ReaderIdSchema, action: v.picklist(['insert', 'remove'], 'API_INVALID_FIELD'), profile: v.optional(str(PROFILE_RE, 'API_INVALID_FIELD')) },
    answer: v.strictObject({ cardPresent: v.boolean() }),
    ...OPEN,
    events: ['readerChanged', 'session'],
  }),
  adminUnlock: method({
    description: 'The admin PIN \u2192 an admin session, or { unlocked: false } for a wrong PIN; wrong PINs are rate-limited (ADMIN_LOCKED).',
    params: { pin: str(PIN_RE, 'API_MALFORMED') },
    answer: AdminUnlockResultSchema,
    ...KIOSK_UI,
    events: [],
  }),
  getSettings: method({ description: 'The operator settings.', params: {}, answer: KioskSettingsSchema, ...KIOSK_UI, events: [] }),
  updateSettings: method({
    description: 'Changes operator settings (an admin session is needed).',
    params: { session: SessionSchema, patch: SettingsPatchSchema },
    answer: KioskSettingsSchema,
    ...KIOSK_UI,
    events: ['settingsChanged'],
  }),
  configureReader: method({
    description: 'Sets (or with \'\' clears) a reader\u2019s label, counter, workflow and signed-in operator; applies at once, kept by the reader\u2019s name.',
    params: { session: SessionSchema, readerId: ReaderIdSchema, label: v.optional(LabelSchema), counter: v.optional(LabelSchema), workflow: v.optional(WorkflowNameSchema), operator: v.optional(LabelSchema) },
    answer: ReaderViewSchema,
    ...KIOSK_UI,
    events: ['readerChanged', 'settingsChanged'],
  }),
  trustStatus: method({ description: 'What the CSCA trust store holds.', params: {}, answer: TrustStatusSchema, ...KIOSK_UI, events: [] }),
  changeAdminPin: method({
    description: 'Changes the admin PIN (an admin session is needed; guessable PINs are refused: ADMIN_PIN_WEAK).',
    params: { session: SessionSchema, newPin: str(NEW_PIN_RE, 'API_MALFORMED') },
    answer: v.strictObject({ changed: v.literal(true) }),
    ...KIOSK_UI,
    events: ['settingsChanged'],
  }),
  setFirstAdminPin: method({
    description: 'The FIRST admin PIN, only while none is set (ADMIN_PIN_ALREADY_SET after); answers an admin session.',
    params: { newPin: str(NEW_PIN_RE, 'API_MALFORMED') },
    answer: v.strictObject({ set: v.literal(true), session: v.string() }),
    ...KIOSK_UI,
    events: ['settingsChanged'],
  }),
  listOperators: method({ description: 'The counters\u2019 operators (name, role, last 4 ID digits) for the sign-in list.', params: {}, answer: v.array(OperatorViewSchema), ...KIOSK_UI, events: [] }),
  signIn: method({
    description: 'Signs an operator in at a counter with their own PIN (wrong PINs are rate-limited per operator); the reader\u2019s `operator` is then their id.',
    params: { readerId: ReaderIdSchema, operatorId: str(OPERATOR_ID_RE, 'API_INVALID_FIELD'), pin: str(PIN_RE, 'API_MALFORMED') },
    answer: ReaderViewSchema,
    ...KIOSK_UI,
    events: ['readerChanged'],
  }),
  dashboardUnlock: method({
    description: 'Opens the managers\u2019 dashboard with a supervisor\u2019s or an admin\u2019s own PIN (DASHBOARD_FORBIDDEN for others); answers a 15-minute session.',
    params: { operatorId: str(OPERATOR_ID_RE, 'API_INVALID_FIELD'), pin: str(PIN_RE, 'API_MALFORMED') },
    answer: v.strictObject({ session: v.string(), expiresAt: v.string(), operator: v.strictObject({ id: v.string(), name: v.string(), role: v.picklist(['supervisor', 'admin']) }) }),
    ...KIOSK_UI,
    events: [],
  }),
  dashboardQuery: method({
    description: 'This kiosk\u2019s dashboard for a period (hour or day buckets): counts by verdict, failure reasons, read times, check-ins, bank checks, readers, alerts. No personal data.',
    params: { session: v.string('API_INVALID_FIELD'), ...DashboardQuerySchema.entries },
    answer: DashboardSchema,
    ...KIOSK_UI,
    events: [],
  }),
  dashboardExport: method({
    description: 'The dashboard of a period as a CSV or PDF file (base64), audited.',
    params: { session: v.string('API_INVALID_FIELD'), ...DashboardQuerySchema.entries, format: v.picklist(EXPORT_FORMATS, 'API_INVALID_FIELD') },
    answer: v.strictObject({ fileName: v.string(), mime: v.string(), base64: v.string() }),
    ...KIOSK_UI,
    events: [],
  }),
  signOut: method({ description: 'Signs the operator out of a counter.', params: { readerId: ReaderIdSchema }, answer: ReaderViewSchema, ...KIOSK_UI, events: ['readerChanged'] }),
  exitKiosk: method({
    description: 'Electron only (kiosk mode is left by the main process); elsewhere UNSUPPORTED.',
    params: { session: SessionSchema },
    answer: v.strictObject({ exited: v.boolean() }),
    ...KIOSK_UI,
    events: [],
  }),
} as const satisfies MethodTable;

/** Answered by the front that authenticates (the WebSocket's hello), not a call of the client facade. */
export const HANDSHAKE_METHODS = ['hello'] as const;
export type HandshakeMethod = (typeof HANDSHAKE_METHODS)[number];

// ---- types derived from a table ----

export type MethodsOf<T extends MethodTable> = keyof T & string;
export type ParamsOf<T extends MethodTable, M extends keyof T> = v.InferOutput<v.StrictObjectSchema<T[M]['params'], undefined>>;
export type AnswerOf<T extends MethodTable, M extends keyof T> = v.InferOutput<T[M]['answer']>;
/** The wire request of each method: flat, `{ type, id, ...params }`. */
export type RequestOf<T extends MethodTable> = { [M in MethodsOf<T>]: { type: M; id: string } & ParamsOf<T, M> }[MethodsOf<T>];
/** Methods a client facade offers: all but the handshake. */
export type CallableOf<T extends MethodTable> = Exclude<MethodsOf<T>, HandshakeMethod>;
/** A typed client: one function per method, taking the method's params (none: optional), answering its answer. */
export type ClientOf<T extends MethodTable> = {
  [M in CallableOf<T>]: keyof T[M]['params'] extends never ? (params?: ParamsOf<T, M>) => Promise<AnswerOf<T, M>> : (params: ParamsOf<T, M>) => Promise<AnswerOf<T, M>>;
};

export type CoreMethods = typeof CORE_METHODS;
export type MethodName = MethodsOf<CoreMethods>;
export type Params<M extends MethodName> = ParamsOf<CoreMethods, M>;
export type Answer<M extends MethodName> = AnswerOf<CoreMethods, M>;
export type CallableMethod = CallableOf<CoreMethods>;

/** The names of a table's callable methods (what the IPC channels, the preload and the clients are made of). */
export function callableMethods<T extends MethodTable>(table: T): CallableOf<T>[] {
  return Object.keys(table).filter((k) => !(HANDSHAKE_METHODS as readonly string[]).includes(k)) as CallableOf<T>[];
}
