/**
 * A camera frame as the desk takes it: a baseline or progressive JPEG whose size is read from its header
 * before anything is decoded (caps: FRAME_MIN_SIDE..FRAME_MAX_SIDE per side, FRAME_MAX_PIXELS in all), so a
 * hostile frame costs neither memory nor the check: a bad frame is refused with a coded error.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeImage } from '../../../face/image.js';
import type { RgbImage } from '../../../face/types.js';
import { BankError } from './errors.js';

export const FRAME_MIN_SIDE = 64;
export const FRAME_MAX_SIDE = 1920;
/** 1280×720 (HD) fits; 1920×1080 does too. */
export const FRAME_MAX_PIXELS = 1920 * 1080;

/** Width and height from the first SOFn marker, or undefined when the bytes are no JPEG. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    if (len < 2) return undefined;
    i += 2 + len;
  }
  return undefined;
}

export function decodeFrame(jpeg: Uint8Array): RgbImage {
  const size = jpegSize(jpeg);
  if (!size) throw new BankError('BANK_FRAME_INVALID', 'frame: no JPEG header');
  const { width, height } = size;
  if (width > FRAME_MAX_SIDE || height > FRAME_MAX_SIDE || width * height > FRAME_MAX_PIXELS) throw new BankError('BANK_FRAME_TOO_LARGE', `frame: ${width}x${height} over the cap`);
  if (width < FRAME_MIN_SIDE || height < FRAME_MIN_SIDE) throw new BankError('BANK_FRAME_INVALID', `frame: ${width}x${height} under the minimum`);
  try {
    return decodeImage(jpeg);
  } catch (e) {
    throw new BankError('BANK_FRAME_INVALID', 'frame: the JPEG could not be decoded', { cause: e });
  }
}

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const sha256Hex = (b: Uint8Array): string => hex(sha256(b));
