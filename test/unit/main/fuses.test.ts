// The packaging configuration keeps the Electron fuses and the ASAR layout they rely on. A later edit of
// electron-builder.yml that drops or flips one fails here (the packaged binary's fuse wire is read by the
// Electron smoke test where the binary exists).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
// electron-builder's own validation (its JSON schema), as `electron-builder` runs it before packaging.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml: fuses', () => {
  const want: [string, boolean][] = [
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ];
  it.each(want)('%s is %s', (fuse, value) => {
    const fuses = config.electronFuses as Record<string, unknown> | undefined;
    expect(fuses, 'electronFuses missing').toBeTypeOf('object');
    expect(fuses?.[fuse]).toBe(value);
  });
  it('electron-builder 26 accepts the configuration, and would refuse a misspelt fuse', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const typo = { ...config, electronFuses: { ...(config.electronFuses as object), runAsNod: false } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  }, 120_000);
  it('the app is packed in an ASAR with its integrity hash (onlyLoadAppFromAsar and integrity need one)', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toBeInstanceOf(Array);
    for (const p of config.asarUnpack as string[]) expect(p, 'no code beyond native addons and wasm unpacked').toMatch(/^node_modules\//);
  });
});
