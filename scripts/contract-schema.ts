/**
 * The JSON schema of the local agent API, generated from the method table (electron/service/workflows/
 * contracts.ts: the core's and the workflows' methods), the event schemas (events.ts) and the shapes of
 * views.ts. `node scripts/gen-contract-schema.mjs` writes it to electron/contract/chipid-api.schema.json;
 * test/unit/contract/schema.test.ts fails when the committed file differs.
 */
import * as v from 'valibot';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import { CheckSchema } from '../electron/contract/tiers.js';
import { API_LIMITS, CONTRACT_VERSION } from '../electron/contract/types.js';
import { EVENT_SCHEMAS } from '../electron/contract/events.js';
import * as V from '../electron/contract/views.js';
import { API_METHODS } from '../electron/service/workflows/contracts.js';
import { CLOSE } from '../electron/service/api/ws.js';

/** Shapes written once under $defs and referenced from everywhere else. */
const NAMED = {
  RequestId: V.RequestIdSchema,
  ReaderId: V.ReaderIdSchema,
  Token: V.TokenSchema,
  Session: V.SessionSchema,
  Purpose: V.PurposeSchema,
  ErrorInfo: V.ErrorInfoSchema,
  DateInput: V.DateInputSchema,
  KeyInput: V.KeyInputSchema,
  Label: V.LabelSchema,
  KioskMode: V.KioskModeSchema,
  SettingsPatch: V.SettingsPatchSchema,
  KioskSettings: V.KioskSettingsSchema,
  SessionStateName: V.SessionStateNameSchema,
  ReaderView: V.ReaderViewSchema,
  ProgressView: V.ProgressViewSchema,
  Check: CheckSchema,
  IdentityView: V.IdentityViewSchema,
  PhotoView: V.PhotoViewSchema,
  ReadResultView: V.ReadResultViewSchema,
  SessionState: V.SessionStateSchema,
  TrustStatus: V.TrustStatusSchema,
  UnlockValue: V.AdminUnlockResultSchema,
  HelloValue: V.HelloValueSchema,
  StatusValue: V.StatusValueSchema,
} as const satisfies Record<string, v.GenericSchema>;

const CLOSE_MEANING: Record<(typeof CLOSE)[keyof typeof CLOSE], string> = {
  [CLOSE.policy]: 'flood (rate limit exceeded repeatedly)',
  [CLOSE.tooLarge]: 'message too large (API_TOO_LARGE)',
  [CLOSE.tryAgain]: 'too many connections for this client (API_BUSY): close one, then reconnect',
  [CLOSE.unauthorized]: 'no, wrong or late hello, or the client was revoked (API_UNAUTHORIZED)',
  [CLOSE.forbidden]: 'Origin not allowed for this client (API_FORBIDDEN_ORIGIN)',
  [CLOSE.changed]: "the client's registration changed (purpose or origins): reconnect",
};

/** Rules the valibot `check` actions enforce, said declaratively for integrators. */
function overrideSchema(ctx: { valibotSchema: unknown; jsonSchema: JsonSchema }): JsonSchema | undefined {
  if (ctx.valibotSchema === V.KeyInputSchema || ctx.valibotSchema === V.KeyInputSchema.pipe[0]) {
    return { ...ctx.jsonSchema, dependentRequired: { dob: ['id'], doe: ['id'] }, anyOf: ['id', 'can', 'mrz', 'qr'].map((k) => ({ required: [k] })) } as JsonSchema;
  }
  return undefined;
}

const config: ConversionConfig = {
  target: 'draft-2020-12',
  errorMode: 'ignore',
  definitions: NAMED,
  overrideSchema: overrideSchema as ConversionConfig['overrideSchema'],
  overrideRef: ({ referenceId }) => `#/$defs/${referenceId}`,
};

type Json = Record<string, unknown>;
/**
 * valibot's union output (anyOf) as oneOf where the options exclude each other; no per-node $schema or
 * $defs (the file has one $defs), no propertyNames (keys are strings anyway), no empty `required`.
 */
function tidy(node: unknown, exclusive = false): unknown {
  if (Array.isArray(node)) return node.map((x) => tidy(x));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, val] of Object.entries(node as Json)) {
    if (k === '$schema' || k === '$defs' || k === 'propertyNames' || (k === 'required' && Array.isArray(val) && val.length === 0)) continue;
    if (k === 'const' || k === 'enum') out[k] = val;
    else if (k === 'properties' || k === '$defs' || k === 'dependentRequired') out[k] = Object.fromEntries(Object.entries(val as Json).map(([p, x]) => [p, tidy(x)]));
    else out[exclusive && k === 'anyOf' ? 'oneOf' : k] = tidy(val);
  }
  return out;
}

const convert = (s: v.GenericSchema, exclusive = false): Json => tidy(toJsonSchema(s, config), exclusive) as Json;
const ref = (name: string): Json => ({ $ref: `#/$defs/${name}` });
const ok = (extra: Json, value: Json): Json => ({ type: 'object', properties: { ...extra, ok: { const: true }, value }, required: [...Object.keys(extra), 'ok', 'value'], additionalProperties: false });
const failed = (extra: Json): Json => ({ type: 'object', properties: { ...extra, ok: { const: false }, error: ref('ErrorInfo') }, required: [...Object.keys(extra), 'ok', 'error'], additionalProperties: false });

export function contractSchema(): Json {
  const defs: Json = {};
  for (const [name, s] of Object.entries(NAMED)) {
    // Convert the named shape itself, not a reference to it.
    const others = Object.fromEntries(Object.entries(NAMED).filter(([n]) => n !== name));
    defs[name] = tidy(toJsonSchema(s, { ...config, definitions: others }), name === 'SessionState');
  }
  const requests = Object.entries(API_METHODS).map(([name, m]) => {
    const r = convert(v.strictObject({ type: v.literal(name), id: V.RequestIdSchema, ...m.params }));
    const who = m.uiOnly ? ' The kiosk\u2019s own UI only (API_FORBIDDEN for paired clients).' : '';
    return { description: `${m.description}${who}${m.events.length ? ` Events: ${m.events.join(', ')}.` : ''}`, ...r };
  });
  defs.Request = { description: 'Client \u2192 service. A refused request is answered with the code its field names: API_MALFORMED, API_UNKNOWN_TYPE, API_INVALID_FIELD (naming the field), KEY_INVALID.', oneOf: requests };
  defs.HttpReadRequest = convert(v.strictObject(API_METHODS.startRead.params));
  const answers = Object.entries(API_METHODS).map(([name, m]) => ({ description: `The answer of ${name}.`, ...convert(m.answer) }));
  defs.ResponseValue = { anyOf: answers };
  const id = { type: { const: 'response' }, id: { type: 'string', maxLength: 64 } };
  defs.Response = { description: 'Service \u2192 client, answering the request with the same id.', oneOf: [ok(id, ref('ResponseValue')), failed(id)] };
  defs.HttpResult = { oneOf: [ok({}, { anyOf: [ref('ResponseValue'), ref('ReadResultView')] }), failed({})] };
  defs.ServiceEvent = { description: 'Service \u2192 client, pushed.', oneOf: Object.values(EVENT_SCHEMAS).map((e) => convert(e)) };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://chipid-kiosk.local/schema/chipid-api/${CONTRACT_VERSION}.json`,
    title: 'ChipID Kiosk local agent API messages',
    description:
      'Every message of the local agent API (WebSocket /api/v1/ws and the HTTP endpoints under /api/v1/). Generated from the method table (electron/contract/methods.ts) by scripts/gen-contract-schema.mjs; do not edit by hand. The version follows CONTRACT_VERSION.',
    'x-contractVersion': CONTRACT_VERSION,
    'x-limits': API_LIMITS,
    'x-closeCodes': Object.fromEntries(Object.entries(CLOSE_MEANING).sort(([a], [b]) => Number(a) - Number(b))),
    anyOf: [ref('Request'), ref('Response'), ref('ServiceEvent')],
    $defs: defs,
  };
}

/** The file's text: two-space JSON and a final newline. */
export const contractSchemaText = (): string => `${JSON.stringify(contractSchema(), null, 2)}\n`;
