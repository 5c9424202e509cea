/** Tiny argument helpers for the chipid CLI (node:util parseArgs underneath). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ChipIdError, CodedError } from '../emrtd/errors.js';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new ChipIdError('KEY_INVALID', `${e instanceof Error ? e.message : String(e)} (--help shows the usage)`);
  }
}

/** Prints an error: one JSON object with --json, else Vietnamese then English lines. */
export function printError(e: CodedError, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ error: e.toJSON() }) + '\n');
  } else {
    process.stderr.write(`Lỗi [${e.code}]: ${e.messageVi}\nError [${e.code}]: ${e.messageEn}\n(${e.message})\n`);
  }
}

export function exitCodeFor(e: CodedError): number {
  switch (e.code) {
    case 'KEY_INVALID':
    case 'MRZ_INVALID':
    case 'QR_UNKNOWN_LAYOUT':
    case 'DUMP_INVALID':
    case 'TRUST_FILE_INVALID':
      return 2;
    case 'ACCESS_DENIED':
      return 3;
    case 'NO_READER':
    case 'NO_CARD':
    case 'PCSC_UNAVAILABLE':
      return 4;
    default:
      return 1;
  }
}
