/**
 * Every event the service pushes to its front ends (IPC in Electron, the WebSocket of the local API), written
 * once as a schema: the ServiceEvent type is inferred from it and the JSON schema generated from it. The
 * method table (methods.ts) names, per method, which of these a call may cause. Pure: no node:*, no DOM.
 */
import * as v from 'valibot';
import { ErrorInfoSchema, KioskSettingsSchema, ProgressViewSchema, ReaderViewSchema, ReadResultViewSchema, SessionStateSchema } from './views.js';

const readerId = v.string();

export const EVENT_SCHEMAS = {
  readerAdded: v.strictObject({ type: v.literal('readerAdded'), reader: ReaderViewSchema }),
  readerRemoved: v.strictObject({ type: v.literal('readerRemoved'), readerId }),
  readerChanged: v.strictObject({ type: v.literal('readerChanged'), reader: ReaderViewSchema }),
  cardInserted: v.strictObject({ type: v.literal('cardInserted'), readerId }),
  cardRemoved: v.strictObject({ type: v.literal('cardRemoved'), readerId }),
  session: v.strictObject({ type: v.literal('session'), readerId, session: SessionStateSchema }),
  progress: v.strictObject({ type: v.literal('progress'), readerId, progress: ProgressViewSchema }),
  result: v.strictObject({ type: v.literal('result'), readerId, result: ReadResultViewSchema }),
  error: v.strictObject({ type: v.literal('error'), readerId: v.optional(readerId), error: ErrorInfoSchema }),
  /** The operator settings changed (sent to the kiosk's own UI only). */
  settingsChanged: v.strictObject({ type: v.literal('settingsChanged'), settings: KioskSettingsSchema }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export const ServiceEventSchema = v.variant('type', Object.values(EVENT_SCHEMAS) as [(typeof EVENT_SCHEMAS)[EventType], ...(typeof EVENT_SCHEMAS)[EventType][]]);
export type ServiceEvent = v.InferOutput<typeof ServiceEventSchema>;
