/**
 * The oracle of every fuzz target: a parser given any input either returns a value or throws a
 * ChipIdError with a catalogued code (never INTERNAL: that is what an untyped error becomes). Anything else
 * — TypeError, RangeError, a plain Error, an allocation failure — is a finding.
 */
import { ChipIdError, userMessage, type ErrorCode } from '../../electron/emrtd/errors.js';

/** A property failed: the message names what broke; the input is saved by whoever caught it. */
export class Finding extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'Finding';
  }
}

export function isTypedRefusal(e: unknown): e is ChipIdError {
  if (!(e instanceof ChipIdError) || e.code === 'INTERNAL') return false;
  // a code the catalogue has no message for is not a known code
  try {
    return typeof userMessage(e.code as ErrorCode)?.en === 'string';
  } catch {
    return false;
  }
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`);

/** Runs `f`; a typed refusal is fine, anything else thrown becomes a Finding. Returns f's value or undefined. */
export function refusesTyped<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof Finding) throw e;
    if (isTypedRefusal(e)) return undefined;
    throw new Finding(`untyped error: ${describe(e)}`, { cause: e });
  }
}

export async function refusesTypedAsync<T>(f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Finding) throw e;
    if (isTypedRefusal(e)) return undefined;
    throw new Finding(`untyped error: ${describe(e)}`, { cause: e });
  }
}

export function invariant(ok: boolean, what: string): void {
  if (!ok) throw new Finding(`invariant broken: ${what}`);
}
