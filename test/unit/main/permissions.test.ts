// The Electron session's permission policy, in plain Node: the camera (video only) for the kiosk's own page
// in its own window while a camera workflow runs; every other permission, origin, frame or moment denied.
import { describe, expect, it } from 'vitest';
import { cameraWorkflowActive, decidePermission, type PermissionAsk } from '../../../electron/main/permissions.js';

const camera: PermissionAsk = { permission: 'media', requestingUrl: 'app://kiosk/index.html', isMainFrame: true, mediaTypes: ['video'], fromKioskWindow: true };
const ON = { cameraWorkflowActive: true };
const OFF = { cameraWorkflowActive: false };

describe('permission policy', () => {
  it('the camera for the kiosk page while a camera workflow runs', () => {
    expect(decidePermission(camera, ON)).toBe(true);
    // the check handler passes the origin (no path) and an embedding origin
    expect(decidePermission({ ...camera, requestingUrl: 'app://kiosk', embeddingOrigin: 'app://kiosk' }, ON)).toBe(true);
    expect(decidePermission({ ...camera, requestingUrl: 'app://kiosk/', securityOrigin: 'app://kiosk/' }, ON)).toBe(true);
  });

  it('nothing while no camera workflow runs', () => {
    expect(decidePermission(camera, OFF)).toBe(false);
  });

  const denied: [string, Partial<PermissionAsk>][] = [
    ['the microphone', { mediaTypes: ['audio'] }],
    ['camera and microphone', { mediaTypes: ['video', 'audio'] }],
    ['no media type', { mediaTypes: [] }],
    ['media type unknown (device enumeration)', { mediaTypes: ['unknown'] }],
    ['a sub-frame', { isMainFrame: false }],
    ['another window or web contents', { fromKioskWindow: false }],
    ['a web page', { requestingUrl: 'https://evil.example/' }],
    ['the local API origin', { requestingUrl: 'http://127.0.0.1:7787/' }],
    ['file://', { requestingUrl: 'file:///opt/chipid/resources/app.asar/dist/renderer/index.html' }],
    ['a look-alike host', { requestingUrl: 'app://kiosk.evil.example/' }],
    ['another app:// host', { requestingUrl: 'app://other/' }],
    ['app:// with credentials', { requestingUrl: 'app://x@kiosk/' }],
    ['app:// with a port', { requestingUrl: 'app://kiosk:1/' }],
    ['an opaque app: URL', { requestingUrl: 'app:kiosk' }],
    ['data: with our URL inside', { requestingUrl: 'data:text/html,app://kiosk/' }],
    ['blob: of our origin', { requestingUrl: 'blob:app://kiosk/7d1e' }],
    ['no URL at all', { requestingUrl: undefined }],
    ['garbage', { requestingUrl: '\u0000app://kiosk/' }],
    ['our page embedded elsewhere', { embeddingOrigin: 'https://evil.example' }],
    ['a foreign security origin', { securityOrigin: 'https://evil.example' }],
  ];
  it.each(denied)('%s: denied even while the camera workflow runs', (_n, patch) => {
    expect(decidePermission({ ...camera, ...patch }, ON)).toBe(false);
  });

  const others = [
    'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'hid', 'serial', 'usb',
    'midi', 'midiSysex', 'mediaKeySystem', 'openExternal', 'pointerLock', 'keyboardLock', 'idle-detection', 'storage-access',
    'top-level-storage-access', 'window-management', 'speaker-selection', 'fileSystem', 'unknown', 'deprecated-sync-clipboard-read', '', 'MEDIA',
  ];
  it.each(others)('%s: denied for our own page, camera workflow or not', (permission) => {
    expect(decidePermission({ ...camera, permission }, ON)).toBe(false);
    expect(decidePermission({ ...camera, permission }, OFF)).toBe(false);
  });
});

describe('camera workflow state from the service', () => {
  it('fails closed: a service without the hook, a throwing hook or a non-true answer means no camera', () => {
    expect(cameraWorkflowActive(undefined)).toBe(false);
    expect(cameraWorkflowActive({})).toBe(false);
    expect(cameraWorkflowActive({ cameraWorkflowActive: true })).toBe(false);
    expect(cameraWorkflowActive({ cameraWorkflowActive: () => 'yes' })).toBe(false);
    expect(cameraWorkflowActive({ cameraWorkflowActive: () => { throw new Error('x'); } })).toBe(false);
    expect(cameraWorkflowActive({ cameraWorkflowActive: () => false })).toBe(false);
    expect(cameraWorkflowActive({ cameraWorkflowActive: () => true })).toBe(true);
  });
});
