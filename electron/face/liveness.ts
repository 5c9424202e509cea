/**
 * The presentation-attack verdict: human's passive classifiers (antispoof: "real" vs printed/screen; liveness)
 * on the compared frame, and the active challenge (challenge.ts). Both must pass.
 */
import type { ChallengeState, LivenessCode, LivenessResult } from './types.js';

/**
 * Both passive scores must reach this (0..1, 1 = real/live). Measured: FACE_JPEG 0.82 / 1.00, FACE2_JPEG
 * 0.76 / 0.99, the painter's camera frames ≥ 0.6 (see docs/face-matching.md). Synthetic faces are no
 * test of a real attack; the value is the library's own midpoint until studied on real presentations.
 */
export const PASSIVE_THRESHOLD = 0.5;

export const LIVENESS_MESSAGES: Record<LivenessCode, { vi: string; en: string }> = {
  LIVENESS_TIMEOUT: { vi: 'Hết thời gian. Bấm “Thử lại” và làm theo hướng dẫn trên màn hình.', en: 'Time is up. Press “Try again” and follow the prompts on the screen.' },
  LIVENESS_STILL_IMAGE: { vi: 'Camera thấy một ảnh tĩnh. Khách hàng cần tự đứng trước camera.', en: 'The camera sees a still picture. The customer must stand in front of the camera in person.' },
  LIVENESS_FACE_LOST: { vi: 'Mất khuôn mặt khỏi khung hình. Giữ mặt trong khung và thử lại.', en: 'The face left the frame. Keep your face in view and try again.' },
  LIVENESS_FACE_CHANGED: { vi: 'Khuôn mặt thay đổi giữa chừng. Chỉ một người làm kiểm tra; thử lại.', en: 'The face changed during the check. Only one person may take the check; try again.' },
  LIVENESS_PASSIVE_FAILED: { vi: 'Không xác nhận được người thật trước camera. Giao dịch viên kiểm tra trực tiếp.', en: 'Could not confirm a live person at the camera. The teller must check in person.' },
  LIVENESS_NOT_PERFORMED: { vi: 'Chưa thực hiện kiểm tra người thật. Bấm “Bắt đầu” để làm.', en: 'The liveness check was not done. Press “Start” to do it.' },
};

export function livenessResult(passive: { antispoof: number | null; liveness: number | null }, challenge: ChallengeState | null): LivenessResult {
  const passivePass = passive.antispoof !== null && passive.liveness !== null && passive.antispoof >= PASSIVE_THRESHOLD && passive.liveness >= PASSIVE_THRESHOLD;
  let active: LivenessResult['active'];
  if (!challenge || challenge.status === 'running') {
    active = { steps: challenge?.steps ?? [], status: 'not_performed', ms: null, failure: 'LIVENESS_NOT_PERFORMED' };
  } else if (challenge.status === 'passed') {
    active = { steps: challenge.steps, status: 'passed', ms: challenge.endedAt !== undefined ? challenge.endedAt - challenge.startedAt : null };
  } else {
    active = { steps: challenge.steps, status: 'failed', ms: challenge.endedAt !== undefined ? challenge.endedAt - challenge.startedAt : null, failure: challenge.failure ?? 'LIVENESS_NOT_PERFORMED' };
  }
  return { pass: passivePass && active.status === 'passed', passive: { ...passive, threshold: PASSIVE_THRESHOLD, pass: passivePass }, active };
}
