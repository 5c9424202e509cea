/** ISO/IEC 9797-1 padding method 2 (9303-11 §9.8.2 / §4.3.3): append 0x80, then zeros to a block boundary. */
import { ChipIdError } from '../errors.js';

/** Always adds at least one byte (a full block when the input is already aligned). */
export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  if (!Number.isInteger(blockSize) || blockSize <= 0) throw new ChipIdError('INTERNAL', `pad: block size ${blockSize}`);
  const len = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(len);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2. Throws ChipIdError 'SM_ERROR' when the data does not end in 80 00…00. */
export function unpad(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  if (i < 0 || data[i] !== 0x80) throw new ChipIdError('SM_ERROR', 'bad ISO/IEC 9797-1 padding in decrypted data');
  return data.slice(0, i);
}
