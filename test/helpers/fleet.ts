/** Shared pieces of the fleet tests: whether PostgreSQL can run here (with the printed reason when not). */
import { postgresUnavailable } from './postgres.js';

export const PG_SKIP = postgresUnavailable();
if (PG_SKIP) console.warn(`fleet tests on PostgreSQL skipped: ${PG_SKIP}`);

export { bundleFleetChild } from '../../bench/fleet-build.js';
