/**
 * Is a frame good enough to compare? One face, large enough, centred, facing the camera, sharp and well
 * exposed. 'reference' (the chip's DG2 portrait: ~240×320, maybe grey, already cropped by the issuer) is judged
 * only on count, size, blur and exposure; 'live' camera frames on everything.
 *
 * The thresholds below were measured with this engine on the images this repository has (test/unit/face/quality.test.ts
 * rebuilds them): the virtual card's portraits FACE_JPEG / FACE2_JPEG (240×320, face box ≈ 172 px, detector
 * 0.70–0.75, grey version included) and the painter's 640×480 camera frames (electron/devkit/face-frames.ts: face
 * box ≈ 237 px at scale 1.25) with darkened, brightened and box-blurred variants. They are provisional until
 * measured on real counter cameras (docs/face-matching.md).
 */
import { toGrey } from './image.js';
import type { AnalyseOptions, FaceObservation, FaceQuality, QualityCode, RgbImage } from './types.js';

/** Smallest face box width, px: FaceRes crops to 224 px; below ~80 px the descriptor degrades (human's docs). */
export const MIN_FACE_PX = 80;
/** Smallest face box over image width for live frames: the painter's customer at ≈ 60 cm reads 0.37; 0.15 ≈ 1.5 m away. */
export const MIN_FACE_RATIO_LIVE = 0.15;
/** Largest offset of the face centre from the image centre, as a fraction of the image size (live only). */
export const MAX_CENTRE_OFFSET = 0.25;
/** Head pose limits for live frames, degrees (the brief: |yaw|, |pitch| ≤ 20°). */
export const MAX_YAW_DEG = 20;
export const MAX_PITCH_DEG = 20;
/**
 * Laplacian variance of the face region (grey levels²) below which the face is blurred. Measured: FACE_JPEG
 * 1232 (its grain), its 7×7 box blur 13, 5×5 33; the painter's frame 1002, its 5×5 box blur 24, 9×9 6.0,
 * 13×13 3.0; the frame darkened ×0.25 still 66. So 15 fails a 7×7 blur of the portrait and a 9×9 blur of a
 * camera frame and passes a mild 5×5 one.
 */
export const MIN_SHARPNESS = 15;
/** Mean grey of the face region: below = too dark, above = too bright (frame 188; ×0.35 → 66, ×0.25 → 47; +90 → 240; FACE_JPEG 186, ×0.3 → 56). */
export const MIN_BRIGHTNESS = 60;
export const MAX_BRIGHTNESS = 225;
/** Fraction of the face region's pixels at ≤ 5 or ≥ 250 above which the exposure is clipped. */
export const MAX_CLIPPED = 0.35;
/** BlazeFace box score below which the face is not trusted: FACE_JPEG 0.75, its grey copy 0.70, camera frames 0.83–0.92. */
export const MIN_DETECTOR_SCORE = 0.55;

/** What the customer (or, for the reference, the teller) should do about each code. */
export const QUALITY_HINTS: Record<QualityCode, { vi: string; en: string }> = {
  FACE_NONE: { vi: 'Không thấy khuôn mặt. Hãy nhìn vào camera.', en: 'No face seen. Please look at the camera.' },
  FACE_MANY: { vi: 'Có nhiều người trong khung hình. Chỉ một người đứng trước camera.', en: 'More than one person in view. Only one person in front of the camera, please.' },
  FACE_TOO_SMALL: { vi: 'Khuôn mặt quá nhỏ. Hãy lại gần camera hơn.', en: 'Your face is too small. Please come closer to the camera.' },
  FACE_OFF_CENTRE: { vi: 'Hãy đưa khuôn mặt vào giữa khung hình.', en: 'Please move your face to the centre of the frame.' },
  FACE_POSE: { vi: 'Nhìn thẳng vào camera.', en: 'Look straight at the camera.' },
  FACE_BLUR: { vi: 'Ảnh bị mờ. Giữ yên đầu và lau ống kính camera nếu cần.', en: 'The image is blurred. Hold still, and wipe the camera lens if needed.' },
  FACE_DARK: { vi: 'Ảnh quá tối. Hãy đứng nơi có đủ ánh sáng.', en: 'The image is too dark. Please stand where there is more light.' },
  FACE_BRIGHT: { vi: 'Ảnh quá sáng. Tránh đứng ngược sáng hoặc dưới đèn chiếu thẳng.', en: 'The image is too bright. Avoid strong light behind or straight above you.' },
  FACE_LOW_CONFIDENCE: { vi: 'Chưa nhận rõ khuôn mặt. Bỏ khẩu trang, kính râm hoặc mũ và nhìn vào camera.', en: 'The face is not clear. Remove mask, sunglasses or hat and look at the camera.' },
};

/** The hint for the first failed check (they are ordered most important first), or null when the frame is ok. */
export function qualityHint(q: FaceQuality): { vi: string; en: string } | null {
  const code = q.failed[0];
  return code ? QUALITY_HINTS[code] : null;
}

/** Laplacian variance and mean grey of a box of the image (4-neighbour Laplacian on luma). */
export function regionStats(image: RgbImage, box: [number, number, number, number]): { sharpness: number; brightness: number; clipped: number } {
  const grey = toGrey(image);
  const W = image.width;
  const x0 = Math.max(1, Math.floor(box[0]));
  const y0 = Math.max(1, Math.floor(box[1]));
  const x1 = Math.min(image.width - 1, Math.ceil(box[0] + box[2]));
  const y1 = Math.min(image.height - 1, Math.ceil(box[1] + box[3]));
  let n = 0, sum = 0, sum2 = 0, lum = 0, clip = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * W + x;
      const g = grey[i]!;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - W]! + grey[i + W]! - 4 * g;
      sum += l;
      sum2 += l * l;
      lum += g;
      if (g <= 5 || g >= 250) clip++;
      n++;
    }
  }
  if (n === 0) return { sharpness: 0, brightness: 0, clipped: 0 };
  const mean = sum / n;
  return { sharpness: sum2 / n - mean * mean, brightness: lum / n, clipped: clip / n };
}

/** Judges the main (largest) face of a frame. `faces` sorted largest first, as the engine returns them. */
export function assessQuality(faces: readonly FaceObservation[], image: RgbImage, kind: AnalyseOptions['kind']): FaceQuality {
  const main = faces[0];
  if (!main) {
    return { ok: false, failed: ['FACE_NONE'], faceCount: 0, detectorScore: 0, faceWidthPx: 0, faceWidthRatio: 0, yawDeg: 0, pitchDeg: 0, rollDeg: 0, sharpness: 0, brightness: 0 };
  }
  const failed: QualityCode[] = [];
  const [bx, by, bw, bh] = main.box;
  const stats = regionStats(image, main.box);
  const ratio = bw / image.width;
  if (faces.length > 1) failed.push('FACE_MANY');
  if (main.detectorScore < MIN_DETECTOR_SCORE) failed.push('FACE_LOW_CONFIDENCE');
  if (bw < MIN_FACE_PX || (kind === 'live' && ratio < MIN_FACE_RATIO_LIVE)) failed.push('FACE_TOO_SMALL');
  if (kind === 'live') {
    const dx = Math.abs(bx + bw / 2 - image.width / 2) / image.width;
    const dy = Math.abs(by + bh / 2 - image.height / 2) / image.height;
    if (dx > MAX_CENTRE_OFFSET || dy > MAX_CENTRE_OFFSET) failed.push('FACE_OFF_CENTRE');
    if (Math.abs(main.yawDeg) > MAX_YAW_DEG || Math.abs(main.pitchDeg) > MAX_PITCH_DEG) failed.push('FACE_POSE');
  }
  if (stats.brightness < MIN_BRIGHTNESS) failed.push('FACE_DARK');
  else if (stats.brightness > MAX_BRIGHTNESS) failed.push('FACE_BRIGHT');
  else if (stats.clipped > MAX_CLIPPED) failed.push(stats.brightness < 128 ? 'FACE_DARK' : 'FACE_BRIGHT');
  if (stats.sharpness < MIN_SHARPNESS) failed.push('FACE_BLUR');
  return {
    ok: failed.length === 0,
    failed,
    faceCount: faces.length,
    detectorScore: main.detectorScore,
    faceWidthPx: bw,
    faceWidthRatio: ratio,
    yawDeg: main.yawDeg,
    pitchDeg: main.pitchDeg,
    rollDeg: main.rollDeg,
    sharpness: stats.sharpness,
    brightness: stats.brightness,
  };
}
