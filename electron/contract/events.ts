/**
 * Every event the service pushes to its front ends (IPC in Electron, the WebSocket of the local API), written
 * once as a schema: the ServiceEvent type is inferred from it and the JSON schema generated from it. The
 * method table (methods.ts) names, per method, which of these a call may cause. Pure: no node:*, no DOM.
 *
 * Each change is sent once. A reader's session state is the one source of what the reader is doing: its
 * progress, its result and its error are parts of `session`, never sent beside it. Reader presence (a card
 * placed or lifted), label and fault travel as `readerChanged`.
 */
import * as v from 'valibot';
import { ErrorInfoSchema, KioskSettingsSchema, ReaderViewSchema, SessionStateSchema } from './views.js';

const readerId = v.string();

export const EVENT_SCHEMAS = {
  readerAdded: v.strictObject({ type: v.literal('readerAdded'), reader: ReaderViewSchema }),
  readerRemoved: v.strictObject({ type: v.literal('readerRemoved'), readerId }),
  /** The reader's view changed: a card placed or lifted (`cardPresent`), its label or counter, its fault. */
  readerChanged: v.strictObject({ type: v.literal('readerChanged'), reader: ReaderViewSchema }),
  /** The reader's session has a new state (each progress step, the result and a read's error included). */
  session: v.strictObject({ type: v.literal('session'), readerId, session: SessionStateSchema }),
  /** An error outside any read's session state: the PC/SC service stopped, a verification could not be recorded. */
  error: v.strictObject({ type: v.literal('error'), readerId: v.optional(readerId), error: ErrorInfoSchema }),
  /** The operator settings changed (sent to the kiosk's own UI only). */
  settingsChanged: v.strictObject({ type: v.literal('settingsChanged'), settings: KioskSettingsSchema }),
  /**
   * A workflow's own news (a check-in made, an insurance answer that came later, a visit's FHIR bundle): sent
   * to the kiosk's UI and to the clients whose purpose is the workflow's name. `name` says what happened; its
   * `data` is described by the workflow's contract.
   */
  workflow: v.strictObject({
    type: v.literal('workflow'),
    workflow: v.string(),
    name: v.pipe(v.string(), v.regex(/^[a-z][A-Za-z0-9.]{0,39}$/)),
    readerId: v.optional(readerId),
    data: v.record(v.string(), v.unknown()),
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export const ServiceEventSchema = v.variant('type', Object.values(EVENT_SCHEMAS) as [(typeof EVENT_SCHEMAS)[EventType], ...(typeof EVENT_SCHEMAS)[EventType][]]);
export type ServiceEvent = v.InferOutput<typeof ServiceEventSchema>;
