/**
 * 1:1 comparison of the chip's portrait (reference) with a live camera frame.
 *
 * Decision (documented in docs/face-matching.md): a score is computed whenever both images yielded an
 * embedding of their main face, even if a quality check failed — the score and the failed checks are recorded
 * together — but `match` is true only when the score reaches the threshold AND the live frame's quality is ok
 * (a reference that fails quality is the issuer's photo: recorded, not blocking). When either side has no face
 * to embed the comparison has score 0 and match false.
 */
import { decodeImageAsync } from './image.js';
import { FACE_THRESHOLD, type FaceThreshold } from './threshold.js';
import { thresholdFor } from './synthetic.js';
import type { FaceComparison, FaceEngine, FaceQuality, RgbImage } from './types.js';

export interface PreparedReference {
  quality: FaceQuality;
  embedding: Float32Array | null;
  ms: number;
}

/** Analyses the reference portrait once (the live frames are then compared against its embedding). */
export async function prepareReference(engine: FaceEngine, img: RgbImage): Promise<PreparedReference> {
  const t = performance.now();
  const a = await engine.analyse(img, { embed: true, passive: false, kind: 'reference' });
  return { quality: a.quality, embedding: a.faces[0]?.embedding ?? null, ms: performance.now() - t };
}

export async function compareWithReference(
  engine: FaceEngine,
  ref: { quality: FaceQuality; embedding: Float32Array },
  live: RgbImage,
  threshold: FaceThreshold = FACE_THRESHOLD,
): Promise<FaceComparison> {
  const t = performance.now();
  const a = await engine.analyse(live, { embed: true, passive: false, kind: 'live' });
  const emb = a.faces[0]?.embedding;
  const score = emb ? engine.similarity(ref.embedding, emb) : 0;
  return {
    score,
    threshold: threshold.value,
    match: emb !== undefined && a.quality.ok && score >= threshold.value,
    modelVersion: engine.modelVersion,
    reference: ref.quality,
    live: a.quality,
    ms: performance.now() - t,
  };
}

/** Compares two encoded images (JPEG / JPEG 2000), the first as the reference: the command line's compare. */
export async function compareImages(engine: FaceEngine, a: Uint8Array, b: Uint8Array, threshold: FaceThreshold = thresholdFor(a)): Promise<FaceComparison & { quality: { a: FaceQuality; b: FaceQuality } }> {
  const t = performance.now();
  const [ia, ib] = [await decodeImageAsync(a), await decodeImageAsync(b)];
  const ref = await prepareReference(engine, ia);
  if (!ref.embedding) {
    const lb = await engine.analyse(ib, { embed: false, passive: false, kind: 'live' });
    return { score: 0, threshold: threshold.value, match: false, modelVersion: engine.modelVersion, reference: ref.quality, live: lb.quality, ms: performance.now() - t, quality: { a: ref.quality, b: lb.quality } };
  }
  const c = await compareWithReference(engine, { quality: ref.quality, embedding: ref.embedding }, ib, threshold);
  return { ...c, ms: performance.now() - t, quality: { a: ref.quality, b: c.live } };
}
