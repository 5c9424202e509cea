/**
 * What the 'hospital' workflow shows the front ends: its labels, the shapes its answers have and its API
 * methods, in the method table's form (electron/contract/methods.ts). Pure (contract imports only): the
 * service, the preload and the renderer all read it.
 *
 * The check-in never takes an identity from the caller for a card: the desk uses the last read made at the
 * counter (readerId), so a front end cannot swap in a name or an ID number. A typed or QR identity
 * (hospitalManualCheckin) is accepted only with a supervisor's override and is marked unverified everywhere.
 */
import * as v from 'valibot';
import type { WorkflowContract } from '../../../contract/methods.js';
import { ReaderIdSchema, SessionSchema } from '../../../contract/views.js';

const F = 'API_INVALID_FIELD';
const str = (re: RegExp) => v.pipe(v.string(F), v.regex(re, F));

export const CCCD_RE = /^[0-9]{12}$/;
export const DEPARTMENT_CODE_RE = /^[A-Z0-9]{2,10}$/;
export const QUEUE_PREFIX_RE = /^[A-Z]{0,3}$/;
export const VISIT_ID_RE = /^LK[0-9]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;
export const OPERATOR_ID_RE = /^op_[0-9a-f]{8}$/;
export const DAY_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** ISO date of birth, or the year alone. */
export const DOB_RE = /^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$/;
export const PHONE_RE = /^\+?[0-9 .-]{6,20}$/;
/** The operator PIN (4–12 digits) a supervisor types for an override. */
export const OVERRIDE_PIN_RE = /^[0-9]{4,12}$/;

const text = (max: number) => v.pipe(v.string(F), v.trim(), v.minLength(1, F), v.maxLength(max, F));

export const INSURANCE_STATUSES = ['insured', 'not_insured', 'mismatch', 'expired', 'unchecked', 'error'] as const;
export const IDENTITY_SOURCES = ['chip', 'chip-unverified', 'qr', 'typed'] as const;

export const DepartmentSchema = v.strictObject({
  code: str(DEPARTMENT_CODE_RE),
  name: text(80),
  prefix: str(QUEUE_PREFIX_RE),
  active: v.boolean(F),
});

export const InsuranceSchema = v.strictObject({
  status: v.picklist(INSURANCE_STATUSES),
  code: v.nullable(v.string()),
  note: v.nullable(v.string()),
  cardCode: v.nullable(v.string()),
  validFrom: v.nullable(v.string()),
  validTo: v.nullable(v.string()),
  primaryFacility: v.nullable(v.string()),
  history: v.array(v.strictObject({ facility: v.string(), admittedAt: v.nullable(v.string()), dischargedAt: v.nullable(v.string()), diagnosis: v.nullable(v.string()) })),
  historyCount: v.number(),
  checkedAt: v.string(),
});

export const PatientSchema = v.strictObject({
  cccd: v.string(),
  cmnd: v.nullable(v.string()),
  fullName: v.string(),
  dateOfBirth: v.string(),
  sex: v.nullable(v.picklist(['M', 'F', 'X'])),
  address: v.nullable(v.string()),
  phone: v.nullable(v.string()),
  insuranceCode: v.nullable(v.string()),
  source: v.picklist(IDENTITY_SOURCES),
  createdAt: v.string(),
  updatedAt: v.string(),
});

export const PatientDiffSchema = v.strictObject({
  field: v.picklist(['cmnd', 'fullName', 'dateOfBirth', 'sex', 'address']),
  stored: v.nullable(v.string()),
  read: v.nullable(v.string()),
});

export const VisitSchema = v.strictObject({
  visitId: v.string(),
  patientCccd: v.string(),
  department: v.string(),
  queueNumber: v.number(),
  queueLabel: v.string(),
  day: v.string(),
  operatorId: v.string(),
  counter: v.nullable(v.string()),
  identitySource: v.picklist(IDENTITY_SOURCES),
  override: v.nullable(v.strictObject({ supervisorId: v.string(), reason: v.string() })),
  insurance: InsuranceSchema,
  createdAt: v.string(),
  printed: v.picklist(['no', 'yes', 'failed']),
});

/** A row of the visit list: the visit and the few patient fields the list shows. */
export const VisitRowSchema = v.strictObject({
  visit: VisitSchema,
  patient: v.strictObject({ fullName: v.string(), dateOfBirth: v.string(), cccdLast4: v.string() }),
});

/** A FHIR R4 transaction Bundle (validated by the tests against the R4 definitions, not here). */
export const FhirBundleSchema = v.looseObject({ resourceType: v.literal('Bundle'), type: v.literal('transaction'), entry: v.array(v.looseObject({})) });

/** What the counter holds after a read, for the reception screen. */
export const PendingSchema = v.strictObject({
  readerId: v.string(),
  /** The read's verdict ('verified' or not) and the identity as the chip has it. */
  verdict: v.string(),
  identitySource: v.picklist(IDENTITY_SOURCES),
  patient: v.pick(PatientSchema, ['cccd', 'cmnd', 'fullName', 'dateOfBirth', 'sex', 'address']),
  /** True when the registry had no record of this CCCD. */
  newPatient: v.boolean(),
  /** Fields the registry has differently: the receptionist confirms them at check-in. */
  diffs: v.array(PatientDiffSchema),
  /** The lookup made when the card was read (status 'unchecked' until the gateway answers). */
  insurance: InsuranceSchema,
  readAt: v.string(),
});

export const PrintOutcomeSchema = v.strictObject({
  printed: v.boolean(),
  /** HOSPITAL_PRINTER_OFFLINE, HOSPITAL_PRINTER_NO_PAPER, … when not printed. */
  errorCode: v.optional(v.string()),
});

export const HospitalStatusSchema = v.strictObject({
  gatewayConfigured: v.boolean(),
  gatewayPasswordSet: v.boolean(),
  printer: v.picklist(['tcp', 'usb', 'none']),
  hisWebhook: v.boolean(),
  outbox: v.strictObject({ pending: v.number(), delivered: v.number(), oldestPendingMs: v.nullable(v.number()) }),
  departments: v.number(),
});

export const CheckinResultSchema = v.strictObject({
  verdict: v.string(),
  patient: PatientSchema,
  visit: VisitSchema,
  insurance: InsuranceSchema,
  fhir: FhirBundleSchema,
  print: PrintOutcomeSchema,
});

const OverrideSchema = v.strictObject({
  supervisorId: str(OPERATOR_ID_RE),
  pin: v.pipe(v.string('API_MALFORMED'), v.regex(OVERRIDE_PIN_RE, 'API_MALFORMED')),
  reason: text(200),
});

const ManualIdentitySchema = v.strictObject({
  cccd: str(CCCD_RE),
  fullName: text(120),
  dateOfBirth: str(DOB_RE),
  sex: v.optional(v.picklist(['M', 'F', 'X'], F)),
  address: v.optional(text(300)),
});

const HOSPITAL = { purposes: ['kiosk', 'hospital'], uiOnly: false } as const;
const UI = { purposes: ['kiosk'], uiOnly: true } as const;

export const workflow = {
  name: 'hospital',
  label: { vi: 'Tiếp đón bệnh viện', en: 'Hospital reception' },
  methods: {
    hospitalDepartments: {
      description: 'The departments patients can be checked in to (active ones first).',
      params: {},
      answer: v.array(DepartmentSchema),
      ...HOSPITAL,
      events: [],
    },
    hospitalSaveDepartment: {
      description: 'Adds or changes a department (the counter\u2019s signed-in operator must be a supervisor or admin).',
      params: { readerId: ReaderIdSchema, department: DepartmentSchema },
      answer: DepartmentSchema,
      ...UI,
      events: ['workflow'],
    },
    hospitalPending: {
      description: 'The last read at a counter as the reception screen shows it, or null when there is none (or it has been checked in).',
      params: { readerId: ReaderIdSchema },
      answer: v.nullable(PendingSchema),
      ...HOSPITAL,
      events: [],
    },
    hospitalCheckin: {
      description: 'Checks the counter\u2019s last read in: patient recorded (confirmChanges accepts the differences), visit and queue number made, ticket printed, visit handed to the HIS. A read that is not verified needs a supervisor\u2019s override.',
      params: {
        readerId: ReaderIdSchema,
        department: str(DEPARTMENT_CODE_RE),
        confirmChanges: v.optional(v.boolean(F)),
        phone: v.optional(str(PHONE_RE)),
        override: v.optional(OverrideSchema),
      },
      answer: CheckinResultSchema,
      ...HOSPITAL,
      events: ['workflow'],
    },
    hospitalManualCheckin: {
      description: 'Checks in a typed or QR identity (no chip proof): only with a supervisor\u2019s override; marked unverified everywhere.',
      params: {
        readerId: ReaderIdSchema,
        source: v.picklist(['qr', 'typed'], F),
        identity: ManualIdentitySchema,
        department: str(DEPARTMENT_CODE_RE),
        phone: v.optional(str(PHONE_RE)),
        override: OverrideSchema,
      },
      answer: CheckinResultSchema,
      ...HOSPITAL,
      events: ['workflow'],
    },
    hospitalVisits: {
      description: 'The visits of a day (default today), newest first, optionally of one department or matching a name / last ID digits.',
      params: { day: v.optional(str(DAY_RE)), department: v.optional(str(DEPARTMENT_CODE_RE)), query: v.optional(v.pipe(v.string(F), v.maxLength(60, F))) },
      answer: v.array(VisitRowSchema),
      ...HOSPITAL,
      events: [],
    },
    hospitalReprint: {
      description: 'Prints a visit\u2019s ticket again.',
      params: { readerId: ReaderIdSchema, visitId: str(VISIT_ID_RE) },
      answer: PrintOutcomeSchema,
      ...UI,
      events: ['workflow'],
    },
    hospitalTicketPdf: {
      description: 'A visit\u2019s ticket as a PDF (base64).',
      params: { visitId: str(VISIT_ID_RE) },
      answer: v.strictObject({ pdfBase64: v.string(), fileName: v.string() }),
      ...HOSPITAL,
      events: [],
    },
    hospitalSearchPatients: {
      description: 'Patients by CCCD number, or by name and date of birth (diacritics and case ignored).',
      params: { cccd: v.optional(str(CCCD_RE)), name: v.optional(text(120)), dateOfBirth: v.optional(str(DOB_RE)) },
      answer: v.array(PatientSchema),
      ...HOSPITAL,
      events: [],
    },
    hospitalDeletePatient: {
      description: 'Deletes a patient\u2019s record on their request (supervisor or admin at the counter); their visits keep no personal data. Audited.',
      params: { readerId: ReaderIdSchema, cccd: str(CCCD_RE), reason: text(200) },
      answer: v.strictObject({ deleted: v.boolean() }),
      ...UI,
      events: ['workflow'],
    },
    hospitalFhir: {
      description: 'A visit as the FHIR R4 transaction Bundle the HIS receives.',
      params: { visitId: str(VISIT_ID_RE) },
      answer: FhirBundleSchema,
      ...HOSPITAL,
      events: [],
    },
    hospitalStatus: {
      description: 'Whether the gateway, printer and HIS webhook are set up, and the HIS outbox\u2019s state. No personal data.',
      params: {},
      answer: HospitalStatusSchema,
      ...HOSPITAL,
      events: [],
    },
    hospitalSetGatewayPassword: {
      description: 'Stores the insurance gateway\u2019s password (only its MD5, which the gateway takes; never shown again). \'\' clears it. An admin session is needed.',
      params: { session: SessionSchema, password: v.pipe(v.string(F), v.maxLength(128, F)) },
      answer: v.strictObject({ set: v.boolean() }),
      ...UI,
      events: [],
    },
    hospitalRetryInsurance: {
      description: 'Asks the gateway again now for a visit whose insurance is unchecked or failed.',
      params: { visitId: str(VISIT_ID_RE) },
      answer: InsuranceSchema,
      ...HOSPITAL,
      events: ['workflow'],
    },
  },
} as const satisfies WorkflowContract;

export type DepartmentView = v.InferOutput<typeof DepartmentSchema>;
export type PendingView = v.InferOutput<typeof PendingSchema>;
export type CheckinResultView = v.InferOutput<typeof CheckinResultSchema>;
export type VisitRowView = v.InferOutput<typeof VisitRowSchema>;
export type PatientView = v.InferOutput<typeof PatientSchema>;
export type InsuranceView = v.InferOutput<typeof InsuranceSchema>;
export type HospitalStatusView = v.InferOutput<typeof HospitalStatusSchema>;
