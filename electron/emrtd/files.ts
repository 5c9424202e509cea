/**
 * Selecting and reading elementary files (7816-4 §11.2/§11.3; 9303-10 §3.10; 9303-11 §9.8 for the SM
 * size budget). A read is: first chunk at offset 0 → total size from the TLV header → further chunks.
 * Three strategies:
 *  - 'short224': header (4 bytes), then 224-byte chunks: the usual library default;
 *  - 'adaptive': the largest short chunk the secure channel fits, falling back when the chip refuses;
 *  - 'extended': extended-length READ BINARY, normally the whole file in one APDU, via its short EF id.
 * Beyond offset 32767 the odd-INS B1 with an offset DO 54 is used. Every size is capped (hostile chips).
 */
import { ChipIdError } from './errors.js';
import { SW, type ResponseApdu } from './apdu.js';
import { concat } from './bytes.js';
import { tlvTotalLength } from './tlv.js';
import { swError, type ApduTransport } from './transport.js';

export type ReadStrategy = 'short224' | 'adaptive' | 'extended';

export interface FileReadOptions {
  strategy?: ReadStrategy;
  /** Largest file accepted; a header announcing more → LIMIT_EXCEEDED. */
  maxFileSize?: number;
  /** Most READ BINARY commands for one file. */
  maxChunks?: number;
  /** Bytes already read on an earlier attempt (resume after a re-tap). */
  resumeFrom?: Uint8Array;
  onProgress?: (bytesRead: number, bytesTotal: number | undefined) => void;
}

/** What we learned about a reader + card pair; kept per reader/card by the caller. */
export interface ReadCapabilities {
  /** Largest short Le the card accepted under the current channel. */
  shortChunk?: number;
  /** Whether extended-length READ BINARY worked (undefined = not tried yet). */
  extended?: boolean;
  /** Whether READ BINARY with a short EF identifier worked. */
  sfi?: boolean;
}

export const DEFAULT_MAX_FILE_SIZE = 160 * 1024;
const DEFAULT_MAX_CHUNKS = 1024;
/** Short chunk sizes to try, largest first: 231 fits 3DES SM in a 256-byte response, 223 fits AES. */
const SHORT_CHUNKS = [231, 223, 208, 192, 160, 128, 96, 64, 32];
const MAX_B0_OFFSET = 0x7fff;

/** SELECT EF by file id under the current DF (P1=02), no response data (P2=0C). */
export async function selectEf(t: ApduTransport, fid: number): Promise<void> {
  const r = await t.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
  if (r.sw !== SW.OK) throw swError(r.sw, `SELECT ${fid.toString(16).padStart(4, '0')}`);
}

/** SELECT by DF name (application id), P1=04, P2=0C. */
export async function selectAid(t: ApduTransport, aid: Uint8Array): Promise<void> {
  const r = await t.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });
  if (r.sw !== SW.OK) throw swError(r.sw, 'SELECT application');
}

/** One READ BINARY at `offset` for `ne` bytes; B1 with DO 54 beyond 32767 (7816-4 §11.3.3). */
export async function readBinary(t: ApduTransport, offset: number, ne: number, sfi?: number): Promise<ResponseApdu> {
  if (sfi !== undefined) {
    // Short EF id in P1 selects and reads in one command; offset must fit 8 bits (P2).
    return t.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, ne });
  }
  if (offset <= MAX_B0_OFFSET) return t.send({ cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ne });
  const ob = offset <= 0xffff ? Uint8Array.of(offset >> 8, offset & 0xff) : Uint8Array.of(offset >> 16, (offset >> 8) & 0xff, offset & 0xff);
  return t.send({ cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: Uint8Array.of(0x54, ob.length, ...ob), ne });
}

/** B1 responses wrap the data in DO 53. */
function unwrapB1(data: Uint8Array): Uint8Array {
  if (data.length < 2 || data[0] !== 0x53) throw new ChipIdError('PROTOCOL_ERROR', 'READ BINARY (B1) answer without DO 53');
  let len = data[1]!;
  let o = 2;
  if (len === 0x81) {
    len = data[2]!;
    o = 3;
  } else if (len === 0x82) {
    len = (data[2]! << 8) | data[3]!;
    o = 4;
  }
  if (o + len > data.length) throw new ChipIdError('PROTOCOL_ERROR', 'DO 53 length exceeds the answer');
  return data.subarray(o, o + len);
}

function isWrongLength(sw: number): boolean {
  return sw === SW.WRONG_LENGTH || sw >> 8 === 0x6c || sw === SW.WRONG_P1P2 || sw === 0x6a86 || sw === 0x6f00;
}

/**
 * Reads a whole EF. With `sfi` and the extended strategy the file is read without a SELECT when the
 * chip allows it; otherwise the caller must have selected it (use `readEf`).
 */
export async function readSelected(t: ApduTransport, caps: ReadCapabilities, opts: FileReadOptions = {}, sfi?: number): Promise<Uint8Array> {
  const strategy = opts.strategy ?? 'adaptive';
  const maxFile = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const maxChunks = opts.maxChunks ?? DEFAULT_MAX_CHUNKS;
  const parts: Uint8Array[] = [];
  let have = 0;
  if (opts.resumeFrom && opts.resumeFrom.length > 0) {
    parts.push(opts.resumeFrom);
    have = opts.resumeFrom.length;
  }
  let total: number | undefined = have >= 2 ? tlvTotalLength(parts[0]!) : undefined;
  let chunks = 0;
  // Short chunk size for 'adaptive', and for 'extended' once the card refused extended length.
  let shortIdx = Math.max(0, SHORT_CHUNKS.indexOf(caps.shortChunk ?? SHORT_CHUNKS[0]!));
  let useExtended = strategy === 'extended' && caps.extended !== false;

  /** Largest Ne for this step; with B1 the DO 53 header (up to 4 bytes) counts against Ne. */
  const chunkSize = (b1: boolean): number => {
    const rest = total === undefined ? Infinity : total - have + (b1 ? 4 : 0);
    if (useExtended) return Math.min(65536, rest);
    if (strategy === 'short224') return total === undefined ? 4 : Math.min(224, rest);
    return Math.min(SHORT_CHUNKS[shortIdx]!, rest);
  };

  try {
    while (total === undefined || have < total) {
      if (++chunks > maxChunks) throw new ChipIdError('LIMIT_EXCEEDED', `more than ${maxChunks} READ BINARY commands`);
      const viaSfi = sfi !== undefined && have === 0 && caps.sfi !== false;
      const b1 = !viaSfi && have > MAX_B0_OFFSET;
      const ne = chunkSize(b1);
      const r = await readBinary(t, have, ne, viaSfi ? sfi : undefined);
      if (viaSfi && SFI_REFUSED.has(r.sw)) {
        caps.sfi = false;
        throw new SfiRefused();
      }
      if (isWrongLength(r.sw)) {
        // Le fallback: the chip refused this size. Step down and remember it for this reader/card.
        if (useExtended) {
          useExtended = false;
          caps.extended = false;
          continue;
        }
        if (strategy !== 'short224' && shortIdx < SHORT_CHUNKS.length - 1) {
          shortIdx++;
          caps.shortChunk = SHORT_CHUNKS[shortIdx];
          continue;
        }
        throw swError(r.sw, 'READ BINARY');
      }
      if (r.sw !== SW.OK && r.sw !== SW.WARNING_EOF) throw swError(r.sw, 'READ BINARY');
      if (viaSfi) caps.sfi = true;
      if (useExtended && ne > 256) caps.extended = true;
      if (r.data.length > ne) throw new ChipIdError('PROTOCOL_ERROR', `READ BINARY returned ${r.data.length} bytes, ${ne} asked`);
      const data = b1 ? unwrapB1(r.data) : r.data;
      if (data.length === 0) throw new ChipIdError('PROTOCOL_ERROR', 'READ BINARY returned no data before the end of the file');
      parts.push(data);
      have += data.length;
      if (total === undefined) {
        const head = parts.length === 1 ? parts[0]! : concat(...parts);
        total = tlvTotalLength(head);
        if (total === undefined && have >= 8) throw new ChipIdError('PARSE_ERROR', 'file does not start with a TLV header');
        if (total !== undefined && total > maxFile) throw new ChipIdError('LIMIT_EXCEEDED', `file announces ${total} bytes (limit ${maxFile})`);
      }
      if (total !== undefined && have > total) throw new ChipIdError('PROTOCOL_ERROR', 'READ BINARY ran past the announced file length');
      if (r.sw === SW.WARNING_EOF && total !== undefined && have < total) {
        throw new ChipIdError('PROTOCOL_ERROR', 'end of file reached before the announced length');
      }
      opts.onProgress?.(have, total);
    }
  } catch (e) {
    if (e instanceof SfiRefused || !(e instanceof ChipIdError) || have === 0) throw e;
    throw new FileReadInterrupted(e, parts.length === 1 ? parts[0]! : concat(...parts));
  }
  return parts.length === 1 ? parts[0]! : concat(...parts);
}

class SfiRefused extends Error {}

/** Answers meaning the chip does not support READ BINARY by short EF id (fall back to SELECT). */
const SFI_REFUSED = new Set([0x6a82, 0x6a81, 0x6d00, 0x6b00, 0x6a86, 0x6986]);

/** A file read stopped part-way: the bytes read so far travel with the error (resume after a re-tap). */
export class FileReadInterrupted extends ChipIdError {
  constructor(
    cause: ChipIdError,
    readonly partial: Uint8Array,
  ) {
    super(cause.code, cause.message, { cause, ...(cause.sw !== undefined ? { sw: cause.sw } : {}) });
    this.name = 'FileReadInterrupted';
  }
}

/** SELECT (or short EF id) + read. `sfi` is tried first when the extended strategy is on. */
export async function readEf(t: ApduTransport, fid: number, caps: ReadCapabilities, opts: FileReadOptions = {}): Promise<Uint8Array> {
  const sfi = fid & 0x1f;
  const trySfi = opts.strategy === 'extended' && caps.sfi !== false && (fid & 0xff00) === 0x0100 && sfi > 0 && !opts.resumeFrom?.length;
  if (trySfi) {
    try {
      return await readSelected(t, caps, opts, sfi);
    } catch (e) {
      if (!(e instanceof SfiRefused)) throw e;
    }
  }
  await selectEf(t, fid);
  return readSelected(t, caps, opts);
}
