/**
 * The threshold a comparison is judged at, by where the reference portrait comes from.
 *
 * A real chip's portrait is judged at FACE_THRESHOLD, chosen from real faces (docs/face-matching.md). The
 * virtual card's two portraits are not photographs: electron/devkit/face-painter.ts draws them, and to this
 * model the painter's persons look alike (person B's camera frames score up to 0.83 against person A's
 * portrait, while A's own frames score ≥ 0.91; measured with electron/devkit/face-video.ts). A reference that
 * is byte for byte one of those portraits is therefore judged at a stricter value fitted to them. It can only
 * ever be stricter than the real one: a chip carrying a painted portrait gains nothing from it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { FACE_THRESHOLD, type FaceThreshold } from './threshold.js';

/** SHA-256 of the virtual card's portraits (electron/devkit/assets/face.ts FACE_JPEG, FACE2_JPEG; a test checks). */
export const SYNTHETIC_PORTRAITS: readonly string[] = [
  'c2697df454d65f37716e6d69f0bb00a2ac1fef772b3c918d90771c4238c25147',
  'e6a69da3795e6aae49403bec117cb850e59326555c7bd65633230bbf9493ac01',
];

/** Between the painter's highest impostor score (0.83) and its lowest genuine one (0.91). */
export const SYNTHETIC_THRESHOLD: FaceThreshold = {
  value: Math.max(0.87, FACE_THRESHOLD.value),
  targetFar: null,
  modelVersion: FACE_THRESHOLD.modelVersion,
  source: 'synthetic portrait of the virtual card: between the painter\u2019s highest impostor (0.83) and lowest genuine (0.91) score; not a FAR',
};

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** The threshold for a comparison against this reference portrait (its bytes as they came off the chip). */
export function thresholdFor(portrait: Uint8Array | undefined): FaceThreshold {
  return portrait && SYNTHETIC_PORTRAITS.includes(hex(sha256(portrait))) ? SYNTHETIC_THRESHOLD : FACE_THRESHOLD;
}
