/**
 * The few FHIR R4 shapes the HIS hand-off writes (Bundle, Patient, Encounter, Coverage and their data types),
 * typed by us. Why not `@types/fhir`: the version installed is 3.0.2, the old STU3 `fhir` namespace, which has
 * no `fhir/r4` module and differs from R4 where it matters here (Encounter.serviceType, Coverage.payor).
 * Only the elements we fill are declared; names and cardinalities follow hl7.org/fhir/R4, and the tests check
 * every bundle against the R4 StructureDefinitions (@medplum/core's validator), so a wrong name fails there.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: CodeableConcept;
  system?: string;
  value?: string;
  period?: Period;
  assigner?: Reference;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Extension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueDateTime?: string;
  valueBoolean?: boolean;
  extension?: Extension[];
}

export interface Meta {
  profile?: string[];
  security?: Coding[];
  tag?: Coding[];
}

interface ResourceBase {
  id?: string;
  meta?: Meta;
  extension?: Extension[];
}

export interface HumanName {
  use?: 'usual' | 'official' | 'temp' | 'nickname' | 'anonymous' | 'old' | 'maiden';
  text?: string;
  family?: string;
  given?: string[];
}

export interface Address {
  use?: 'home' | 'work' | 'temp' | 'old' | 'billing';
  text?: string;
  country?: string;
}

export interface ContactPoint {
  system?: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value?: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
}

export interface Patient extends ResourceBase {
  resourceType: 'Patient';
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
}

export interface Encounter extends ResourceBase {
  resourceType: 'Encounter';
  identifier?: Identifier[];
  status: 'planned' | 'arrived' | 'triaged' | 'in-progress' | 'onleave' | 'finished' | 'cancelled' | 'entered-in-error' | 'unknown';
  class: Coding;
  serviceType?: CodeableConcept;
  subject?: Reference;
  period?: Period;
  location?: { location: Reference }[];
  serviceProvider?: Reference;
}

export interface Coverage extends ResourceBase {
  resourceType: 'Coverage';
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  type?: CodeableConcept;
  beneficiary: Reference;
  relationship?: CodeableConcept;
  period?: Period;
  payor: Reference[];
}

export type Resource = Patient | Encounter | Coverage;

export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource;
  request?: { method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'; url: string; ifNoneExist?: string };
}

export interface Bundle {
  resourceType: 'Bundle';
  identifier?: Identifier;
  type: 'transaction';
  entry: BundleEntry[];
}
