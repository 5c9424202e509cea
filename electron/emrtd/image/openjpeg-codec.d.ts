/**
 * Types for the Emscripten builds shipped by @cornerstonejs/codec-openjpeg (the package has none).
 * Only what we use. The factory takes Emscripten Module overrides and resolves to the module.
 */
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  import type { OpenJpegFactory } from '@cornerstonejs/codec-openjpeg/types';
  const factory: OpenJpegFactory;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  import type { OpenJpegFactory } from '@cornerstonejs/codec-openjpeg/types';
  const factory: OpenJpegFactory;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/types' {
  export interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }
  export interface J2KDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
    getFrameInfo(): FrameInfo;
    getColorSpace(): number;
    delete(): void;
  }
  export interface J2KEncoder {
    getDecodedBuffer(frameInfo: FrameInfo): Uint8Array;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
    setQuality(lossless: boolean, quality: number): void;
    setCompressionRatio(layer: number, ratio: number): void;
    delete(): void;
  }
  export interface OpenJpegModule {
    J2KDecoder: new () => J2KDecoder;
    J2KEncoder?: new () => J2KEncoder;
  }
  export interface EmscriptenOverrides {
    wasmBinary?: Uint8Array | ArrayBuffer;
    locateFile?: (path: string, scriptDirectory: string) => string;
    print?: (s: string) => void;
    printErr?: (s: string) => void;
  }
  export type OpenJpegFactory = (overrides?: EmscriptenOverrides) => Promise<OpenJpegModule>;
}
