/**
 * chipid receipt verify as a bank's auditor uses it, offline: a receipt from chipid kyc verifies on the kiosk
 * that signed it, is untrusted on another machine until that kiosk's public key is given (--key, the PEM of
 * chipid keys public), and fails after a changed byte, with a field added or removed, or in another format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeJpeg } from '../../electron/face/image.js';
import { faceVideo } from '../../electron/devkit/face-video.js';
import { ensureCliBuilt, runCli } from '../helpers/bank-cli.js';

const ID = '001099012345';
let home = '';
let other = '';
let text = '';
const file = (name: string): string => join(home, name);

describe('chipid receipt verify', () => {
  beforeAll(async () => {
    ensureCliBuilt();
    home = mkdtempSync(join(tmpdir(), 'chipid-receipt-'));
    other = mkdtempSync(join(tmpdir(), 'chipid-auditor-'));
    writeFileSync(file('A.jpg'), encodeJpeg(faceVideo('A', 'still')[0]!, 90));
    const teller = (await runCli(home, ['operators', 'add', '--name', 'Phạm Thu Giao Dịch', '--cccd', '001190000123', '--role', 'reception', '--json'], { CHIPID_OPERATOR_PIN: '482615' })).json.operator.id;
    const sup = (await runCli(home, ['operators', 'add', '--name', 'Trần Văn Giám Sát', '--cccd', '001185000456', '--role', 'supervisor', '--json'], { CHIPID_OPERATOR_PIN: '739204' })).json.operator.id;
    const r = await runCli(home, ['kyc', '--virtual', 'cccd-2021', '--id', ID, '--live', file('A.jpg'), '--operator', teller, '--override-by', sup, '--reason', 'Không có camera', '--receipt-out', file('r.json'), '--json'], { CHIPID_OPERATOR_PIN: '739204' });
    expect(r.code, r.said).toBe(0);
    text = readFileSync(file('r.json'), 'utf8');
    writeFileSync(file('kiosk.pem'), (await runCli(home, ['keys', 'public'])).out);
  }, 300_000);
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  it('valid and trusted on the kiosk that signed it: prints who, when, the chip data by digest, face, liveness, override', async () => {
    const r = await runCli(home, ['receipt', 'verify', file('r.json')]);
    expect(r.code, r.said).toBe(0);
    expect(r.out).toMatch(/RECEIPT VALID/);
    expect(r.out).toMatch(/EF\.SOD [0-9a-f]{64}/);
    expect(r.out).toMatch(/face score [0-9.]+ against threshold/);
    expect(r.out).toMatch(/liveness FAILED: active challenge not_performed/);
    expect(r.out).toMatch(/OVERRIDE by supervisor op_[0-9a-f]{8}/);
    const j = await runCli(home, ['receipt', 'verify', file('r.json'), '--json']);
    expect(j.json).toMatchObject({ valid: true, signature: { status: 'trusted' } });
  }, 120_000);

  it('another machine: untrusted without the kiosk key, trusted with --key', async () => {
    const u = await runCli(other, ['receipt', 'verify', file('r.json'), '--json']);
    expect(u.code).toBe(1);
    expect(u.json.signature.status).toBe('untrusted');
    const t = await runCli(other, ['receipt', 'verify', file('r.json'), '--key', file('kiosk.pem'), '--json']);
    expect(t.code, t.said).toBe(0);
    expect(t.json.valid).toBe(true);
  }, 120_000);

  it('fails after a changed byte, an added or removed field, another format, or a file that is not JSON', async () => {
    const doc = JSON.parse(text);
    const cases: [string, string][] = [
      ['score', text.replace(/"score": ([0-9.]+)/, (_m, s: string) => `"score": ${Number(s) === 1 ? 0.99 : 1}`)],
      ['byte', text.replace('"confirmed"', '"confirmee"')],
      ['added', JSON.stringify({ ...doc, photo: 'AAAA' })],
      ['removed', JSON.stringify({ ...doc, override: undefined })],
      ['format', JSON.stringify({ ...doc, format: 'chipid-dump/2' })],
      ['not json', text.slice(0, 100)],
    ];
    for (const [name, body] of cases) {
      writeFileSync(file(`bad-${name}.json`), body);
      const r = await runCli(home, ['receipt', 'verify', file(`bad-${name}.json`), '--json']);
      expect(r.code, name).toBe(1);
      expect(r.json.valid, name).toBe(false);
    }
    const fmt = await runCli(home, ['receipt', 'verify', file('bad-format.json')]);
    expect(fmt.out).toMatch(/not a chipid-bank-receipt\/1 receipt/);
    const added = await runCli(home, ['receipt', 'verify', file('bad-added.json')]);
    expect(added.out).toMatch(/shape is wrong/);
  }, 180_000);
});
