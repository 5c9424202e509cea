/**
 * The face engine in Node (service, command line, tests): one per process. Human's node-wasm bundle runs tfjs
 * on the WASM backend; its weights come from node_modules/@vladmandic/human/models and the wasm from
 * node_modules/@tensorflow/tfjs-backend-wasm/dist, read from disk by a fetch that serves only those two folders
 * and refuses every other URL: weights are never fetched from the network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ChipIdError } from '../emrtd/errors.js';
import { createFaceEngine, type FaceRuntime, type HumanClass } from '../face/engine.js';
import type { FaceEngine } from '../face/types.js';

export type FaceEngineStatus = 'not_loaded' | 'loading' | 'ready' | 'failed';

/** The package folders: human's exports map lists no subpaths, so resolve its main entry and go up. */
export function faceAssetDirs(): { humanDir: string; modelsDir: string; wasmDir: string } {
  const req = createRequire(import.meta.url);
  // '@vladmandic/human' resolves to <pkg>/dist/human.node.js (its "node" condition); only the path is used.
  const humanDir = dirname(dirname(req.resolve('@vladmandic/human')));
  const wasmDir = join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return { humanDir, modelsDir: join(humanDir, 'models'), wasmDir };
}

const TYPES: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm' };

/** A fetch that serves files under `dirs` from disk (file: URLs only) and refuses everything else. */
export function folderFetch(dirs: readonly string[]): (url: string) => Promise<Response> {
  const roots = dirs.map((d) => resolve(d) + sep);
  return async (url: string) => {
    let path: string;
    try {
      const u = new URL(url);
      if (u.protocol !== 'file:') throw new Error('not a file URL');
      path = resolve(fileURLToPath(u));
    } catch {
      throw new ChipIdError('ACCESS_DENIED', 'face engine: only the bundled model files may be read (refused a non-file URL)');
    }
    const ext = path.slice(path.lastIndexOf('.'));
    if (!roots.some((r) => path.startsWith(r)) || !(ext in TYPES)) {
      throw new ChipIdError('ACCESS_DENIED', 'face engine: refused a file outside the model and wasm folders');
    }
    const bytes = await readFile(path);
    return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-type': TYPES[ext]! } });
  };
}

/** The runtime for createFaceEngine in Node. */
export async function nodeFaceRuntime(): Promise<FaceRuntime> {
  const { humanDir, modelsDir, wasmDir } = faceAssetDirs();
  const mod = (await import(pathToFileURL(join(humanDir, 'dist', 'human.node-wasm.js')).href)) as { Human?: HumanClass; default?: HumanClass | { Human?: HumanClass } };
  const Human = mod.Human ?? (typeof mod.default === 'function' ? mod.default : mod.default?.Human);
  if (!Human) throw new ChipIdError('UNSUPPORTED', 'face engine: @vladmandic/human node-wasm bundle exports no Human class');
  return {
    Human,
    modelBaseUrl: pathToFileURL(modelsDir).href + '/',
    wasmPath: pathToFileURL(wasmDir).href + '/',
    fetch: folderFetch([modelsDir, wasmDir]),
  };
}

let enginePromise: Promise<FaceEngine> | undefined;
let status: FaceEngineStatus = 'not_loaded';

/** The process's face engine (loaded on first call; a failed load is forgotten so a later call retries). */
export function nodeFaceEngine(): Promise<FaceEngine> {
  if (!enginePromise) {
    status = 'loading';
    enginePromise = nodeFaceRuntime()
      .then((rt) => createFaceEngine(rt))
      .then(
        (e) => {
          status = 'ready';
          return e;
        },
        (e: unknown) => {
          status = 'failed';
          enginePromise = undefined;
          throw e instanceof ChipIdError ? e : new ChipIdError('UNSUPPORTED', 'face engine could not be loaded', { cause: e });
        },
      );
  }
  return enginePromise;
}

export function faceEngineStatus(): FaceEngineStatus {
  return status;
}
