// The committed JSON schema is the one the method table generates (scripts/contract-schema.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractSchemaText } from '../../../scripts/contract-schema.js';
import { API_METHODS } from '../../../electron/service/workflows/contracts.js';
import { EVENT_TYPES } from '../../../electron/contract/types.js';

const committed = readFileSync(new URL('../../../electron/contract/chipid-api.schema.json', import.meta.url), 'utf8');

describe('chipid-api.schema.json is generated from the method table', () => {
  it('the committed file equals the generated one', () => {
    const generated = contractSchemaText();
    // On a difference, regenerate rather than edit the file by hand.
    expect(committed === generated, 'electron/contract/chipid-api.schema.json is stale: run node scripts/gen-contract-schema.mjs').toBe(true);
  });

  it('lists one request per method and one event per event schema, and each request says its events', () => {
    const schema = JSON.parse(committed);
    const requests = schema.$defs.Request.oneOf as { description: string; properties: { type: { const: string } } }[];
    expect(requests.map((r) => r.properties.type.const)).toEqual(Object.keys(API_METHODS));
    expect(schema.$defs.ServiceEvent.oneOf.map((e: { properties: { type: { const: string } } }) => e.properties.type.const)).toEqual(EVENT_TYPES);
    const startRead = requests.find((r) => r.properties.type.const === 'startRead');
    expect(startRead?.description).toContain('Events: session, error.');
  });
});
