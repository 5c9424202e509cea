/**
 * The kiosk session's permission policy, one pure function (no electron import) used by both of the
 * session's handlers (request and check). Granted: the camera, video only, to the kiosk's own page
 * (app://kiosk, main frame, the kiosk window) and only while the service says a workflow that needs the
 * camera is running (the bank counter's face comparison). Everything else is denied: the microphone,
 * notifications, geolocation, HID/serial/USB, screen capture, other origins, frames and windows.
 */
import { isAppUrl } from './app-protocol.js';

export interface PermissionAsk {
  /** Electron's permission name ('media', 'geolocation', …). */
  permission: string;
  /** The requesting URL (request handler) or origin (check handler). */
  requestingUrl: string | undefined;
  /** Check handler: the top-level page's origin, when Electron gives it. */
  embeddingOrigin?: string | undefined;
  /** The media request's security origin, when Electron gives it. */
  securityOrigin?: string | undefined;
  isMainFrame: boolean;
  /** Request handler: details.mediaTypes; check handler: [details.mediaType]. */
  mediaTypes: readonly string[];
  /** The asking web contents is the kiosk window's. */
  fromKioskWindow: boolean;
}

export interface WorkflowState {
  cameraWorkflowActive: boolean;
}

const ours = (origin: string | undefined): boolean => origin === undefined || origin === '' || isAppUrl(origin);

export function decidePermission(ask: PermissionAsk, state: WorkflowState): boolean {
  return (
    ask.permission === 'media' &&
    state.cameraWorkflowActive === true &&
    ask.fromKioskWindow === true &&
    ask.isMainFrame === true &&
    isAppUrl(ask.requestingUrl) &&
    ours(ask.embeddingOrigin) &&
    ours(ask.securityOrigin) &&
    ask.mediaTypes.length > 0 &&
    ask.mediaTypes.every((t) => t === 'video')
  );
}

/**
 * Whether the service reports a running workflow that needs the camera. The hook
 * (`cameraWorkflowActive(): boolean`) arrives with the bank workflow; until a service has it, or when it
 * throws or answers anything but `true`, the answer is no.
 */
export function cameraWorkflowActive(service: unknown): boolean {
  const hook = service && typeof service === 'object' ? (service as { cameraWorkflowActive?: unknown }).cameraWorkflowActive : undefined;
  if (typeof hook !== 'function') return false;
  try {
    return (hook as () => unknown).call(service) === true;
  } catch {
    return false;
  }
}
