/**
 * The counter camera, for the bank's result screen only: getUserMedia (video only, user-facing, 640×480)
 * started when the screen asks and stopped (every track) when it says so or unmounts — so leaving the
 * screen, a card lifted (the screen goes) and a decision all turn the camera off. `capture()` draws the
 * current frame to a canvas and gives it as a JPEG data: URL that fits the service's frame limit.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { FRAME_MAX_BASE64 } from '../../../electron/service/workflows/bank/contract.js';
import { base64Of, JPEG_QUALITIES } from './logic.js';

export type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'absent' | 'error';

export interface Camera {
  state: CameraState;
  video: RefObject<HTMLVideoElement | null>;
  start(): void;
  stop(): void;
  /** The frame now as a JPEG data: URL (null when there is no picture yet). */
  capture(): string | null;
}

function stateOf(e: unknown): CameraState {
  const name = e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e) ? String((e as { name: unknown }).name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'absent';
  return 'error';
}

export function useCamera(): Camera {
  const video = useRef<HTMLVideoElement | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [state, setState] = useState<CameraState>('off');
  // A start whose answer comes after a stop (or a newer start) is stopped at once.
  const run = useRef(0);

  const stop = useCallback((): void => {
    run.current += 1;
    for (const t of stream.current?.getTracks() ?? []) t.stop();
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState((s) => (s === 'on' || s === 'starting' ? 'off' : s));
  }, []);

  const start = useCallback((): void => {
    const my = ++run.current;
    for (const t of stream.current?.getTracks() ?? []) t.stop();
    stream.current = null;
    if (!navigator.mediaDevices?.getUserMedia) return setState('absent');
    setState('starting');
    navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } }).then(
      (s) => {
        if (my !== run.current) {
          for (const t of s.getTracks()) t.stop();
          return;
        }
        stream.current = s;
        // A camera unplugged while in use ends its track.
        for (const t of s.getVideoTracks()) t.addEventListener('ended', () => my === run.current && (stop(), setState('error')));
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().catch(() => undefined);
        }
        setState('on');
      },
      (e: unknown) => my === run.current && setState(stateOf(e)),
    );
  }, [stop]);

  useEffect(() => stop, [stop]);

  const capture = useCallback((): string | null => {
    const v = video.current;
    if (!v || !stream.current || v.readyState < 2 || v.videoWidth === 0) return null;
    const c = (canvas.current ??= document.createElement('canvas'));
    let w = v.videoWidth;
    let h = v.videoHeight;
    // Never more than 640×480: the service's analysis wants no more, and the frame stays small.
    const k = Math.min(1, 640 / w, 480 / h);
    w = Math.round(w * k);
    h = Math.round(h * k);
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    if (!g) return null;
    g.drawImage(v, 0, 0, w, h);
    for (const q of JPEG_QUALITIES) {
      const url = c.toDataURL('image/jpeg', q);
      if (base64Of(url).length <= FRAME_MAX_BASE64) return url;
    }
    return null;
  }, []);

  return { state, video, start, stop, capture };
}
