/**
 * The hospital registry's public functions: departments, patients, visits and queue numbers, the insurance
 * lookup retry queue and the HIS outbox. Every function takes the `Storage` from openStorage (opened with
 * the hospital component's migrations, ../migrations/index.ts).
 */
export { checkDepartment, getDepartment, listDepartments, saveDepartment } from './departments.js';
export { foldName } from './fold.js';
export { checkCccd, deletePatient, diffPatient, getPatient, purgePatients, searchPatients, setPatientContact, upsertPatient, type PatientSearch } from './patients.js';
export { createVisit, getVisit, listVisits, makeVisitId, setVisitInsurance, setVisitPrinted, type NewVisit, type VisitListItem } from './visits.js';
export { dueLookups, dueOutbox, enqueueOutbox, lookupDone, lookupFailed, outboxDelivered, outboxFailed, outboxStatus, queueLookup } from './queues.js';
export { sqlPlanPatientQueries as planPatientQueries } from './sql.js';
