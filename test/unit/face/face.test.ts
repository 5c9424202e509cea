/**
 * The face layer with the real engine (human 3.3.6 on WASM): the fake camera's file format, the file-only
 * model fetch, the quality codes on constructed frames, and the active challenge on the synthetic video.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { parseY4m, writeY4m } from '../../../electron/face/y4m.js';
import { faceAssetDirs, folderFetch, nodeFaceEngine } from '../../../electron/service/face-node.js';
import { ChallengeRun } from '../../../electron/face/challenge.js';
import { faceVideo } from '../../../electron/devkit/face-video.js';
import { adjust, boxBlur, sceneFrame } from '../../../electron/devkit/face-frames.js';
import { compareImages } from '../../../electron/face/compare.js';
import { encodeJpeg } from '../../../electron/face/image.js';
import { FACE2_JPEG, FACE_JPEG } from '../../../electron/devkit/assets/face.js';
import type { ChallengeStep, FaceEngine, RgbImage } from '../../../electron/face/types.js';
import { sha256 } from '@noble/hashes/sha2.js';

const T = 240_000;
let engine: FaceEngine;
beforeAll(async () => {
  engine = await nodeFaceEngine();
}, T);

const digest = (img: RgbImage): string => Buffer.from(sha256(img.data)).toString('hex');

describe('y4m (the fake camera file)', () => {
  it('round-trips frames through C420jpeg within chroma subsampling error, and refuses hostile headers', () => {
    const frames = faceVideo('A', 'still', { width: 64, height: 48, fps: 2 }).slice(0, 2);
    const back = parseY4m(writeY4m(frames, 5));
    expect([back.width, back.height, back.fps, back.frames.length]).toEqual([64, 48, 5, 2]);
    let err = 0;
    for (let i = 0; i < frames[0]!.data.length; i++) err += Math.abs(frames[0]!.data[i]! - back.frames[0]!.data[i]!);
    expect(err / frames[0]!.data.length).toBeLessThan(12);
    const enc = new TextEncoder();
    for (const bad of ['NOTY4M W2 H2\n', 'YUV4MPEG2 W0 H2 F1:1 C420jpeg\n', 'YUV4MPEG2 W99999 H99999 F1:1 C420jpeg\nFRAME\n', 'YUV4MPEG2 W2 H2 F1:1 C444\nFRAME\n', 'YUV4MPEG2 W4 H4 F1:1 C420jpeg\nFRAME\n\u0001']) {
      expect(() => parseY4m(enc.encode(bad)), bad.slice(0, 30)).toThrow();
    }
  });
});

describe('the model files are read only from the package folders', () => {
  it('refuses a network URL and a file outside the model and wasm folders', async () => {
    const d = faceAssetDirs();
    const f = folderFetch([d.modelsDir, d.wasmDir]);
    await expect(f('https://example.org/blazeface.json')).rejects.toThrow(/only the bundled model files/);
    await expect(f('file:///etc/passwd')).rejects.toThrow(/outside the model and wasm folders/);
    const ok = await f(new URL(`file://${d.modelsDir}/blazeface.json`).href);
    expect(ok.status).toBe(200);
  });
});

describe('quality of a camera frame (real engine)', () => {
  const live = (img: RgbImage) => engine.analyse(img, { embed: false, passive: false, kind: 'live' });
  const frame = faceVideo('A', 'still')[0]!;

  it('a good frame passes; none, two people, dark, bright and blurred frames fail with their code', async () => {
    expect((await live(frame)).quality).toMatchObject({ ok: true, failed: [] });
    expect((await live(sceneFrame(640, 480, []))).quality.failed).toContain('FACE_NONE');
    const two = sceneFrame(640, 480, [{ person: 'A', x: 170, y: 250, scale: 0.9 }, { person: 'B', x: 470, y: 250, scale: 0.9 }]);
    expect((await live(two)).quality.failed).toContain('FACE_MANY');
    expect((await live(adjust(frame, 0.25))).quality.failed).toContain('FACE_DARK');
    expect((await live(adjust(frame, 1, 90))).quality.failed).toContain('FACE_BRIGHT');
    expect((await live(boxBlur(frame, 4))).quality.failed).toContain('FACE_BLUR');
  }, T);

  it('the number of tensors stays the same over 30 analyses (no leak)', async () => {
    await live(frame);
    const before = engine.numTensors();
    for (let i = 0; i < 30; i++) await live(frame);
    expect(engine.numTensors()).toBe(before);
  }, T);
});

describe('the active challenge on the synthetic camera video (real engine)', () => {
  async function run(frames: RgbImage[], steps: ChallengeStep[], loops = 2) {
    const c = new ChallengeRun({ steps, timeLimitMs: 60_000 }, 0);
    let t = 0;
    for (let l = 0; l < loops && c.state.status === 'running'; l++) {
      for (const f of frames) {
        t += 100;
        c.observe(await engine.analyse(f, { embed: false, passive: false, kind: 'live' }), t, digest(f));
        if (c.state.status !== 'running') break;
      }
    }
    return c.state;
  }
  const video = faceVideo('A', 'challenge');

  it.each([
    [['turn-left', 'blink']],
    [['turn-right', 'turn-left']],
    [['blink', 'turn-right']],
  ] as ChallengeStep[][][])('passes %j while the video loops', async (steps) => {
    expect((await run(video, steps)).status).toBe('passed');
  }, T);

  it('a still picture fails with LIVENESS_STILL_IMAGE; no frames past the deadline fail with LIVENESS_TIMEOUT', async () => {
    expect(await run(faceVideo('A', 'still'), ['turn-left', 'blink'], 1)).toMatchObject({ status: 'failed', failure: 'LIVENESS_STILL_IMAGE' });
    const c = new ChallengeRun({ steps: ['blink', 'turn-left'], timeLimitMs: 1_000 }, 0);
    const f = video[0]!;
    c.observe(await engine.analyse(f, { embed: false, passive: false, kind: 'live' }), 2_000, digest(f));
    expect(c.state).toMatchObject({ status: 'failed', failure: 'LIVENESS_TIMEOUT' });
  }, T);
});

describe('chipid face compare\u2019s comparison (real engine)', () => {
  it('person A\u2019s camera frame matches A\u2019s portrait; B\u2019s does not', async () => {
    const a = faceVideo('A', 'still')[0]!;
    const b = faceVideo('B', 'still')[0]!;
    const same = await compareImages(engine, FACE_JPEG, encodeJpeg(a));
    const other = await compareImages(engine, FACE_JPEG, encodeJpeg(b));
    expect(same.match).toBe(true);
    expect(other.match).toBe(false);
    expect(same.score).toBeGreaterThan(other.score);
    expect((await compareImages(engine, FACE2_JPEG, encodeJpeg(b))).match).toBe(true);
  }, T);
});
