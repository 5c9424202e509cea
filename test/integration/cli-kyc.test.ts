/**
 * chipid kyc as a script or support visit uses it: the built CLI in a child process, the virtual card
 * in-process, the real face engine, a y4m video of the card's holder (the active challenge runs) or a still
 * image (it does not, so only a supervisor can confirm), the impostor's video, and the receipt file written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeJpeg } from '../../electron/face/image.js';
import { writeY4m } from '../../electron/face/y4m.js';
import { faceVideo } from '../../electron/devkit/face-video.js';
import { ensureCliBuilt, runCli } from '../helpers/bank-cli.js';

const ID = '001099012345';
let home = '';
let teller = '';
let supervisor = '';
const run = (args: string[], env: Record<string, string> = {}, stdin?: string) => runCli(home, args, env, stdin);
const file = (name: string): string => join(home, name);

describe('chipid kyc', () => {
  beforeAll(async () => {
    ensureCliBuilt();
    home = mkdtempSync(join(tmpdir(), 'chipid-kyc-'));
    writeFileSync(file('A.y4m'), writeY4m(faceVideo('A', 'challenge'), 10));
    writeFileSync(file('B.y4m'), writeY4m(faceVideo('B', 'challenge'), 10));
    writeFileSync(file('A.jpg'), encodeJpeg(faceVideo('A', 'still')[0]!, 90));
    teller = (await run(['operators', 'add', '--name', 'Phạm Thu Giao Dịch', '--cccd', '001190000123', '--role', 'reception', '--json'], { CHIPID_OPERATOR_PIN: '482615' })).json.operator.id;
    supervisor = (await run(['operators', 'add', '--name', 'Trần Văn Giám Sát', '--cccd', '001185000456', '--role', 'supervisor', '--json'], { CHIPID_OPERATOR_PIN: '739204' })).json.operator.id;
    expect(teller).toMatch(/^op_/);
  }, 120_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('the holder\u2019s video: challenge passed, face match, confirmed, the receipt written as handed out, timings', async () => {
    const r = await run(['kyc', '--virtual', 'cccd-2021', '--id', ID, '--live', file('A.y4m'), '--operator', teller, '--receipt-out', file('a.json'), '--json']);
    expect(r.code, r.said).toBe(0);
    expect(r.json.check).toMatchObject({ status: 'confirmed', verdict: 'verified', referenceFace: 'ready' });
    expect(r.json.check.face.match).toBe(true);
    expect(r.json.check.liveness).toMatchObject({ pass: true, active: { status: 'passed' } });
    expect(r.json.timings).toEqual(expect.objectContaining({ readMs: expect.any(Number), referenceMs: expect.any(Number), framesMs: expect.any(Number), compareMs: expect.any(Number), decideSignMs: expect.any(Number) }));
    expect(r.json.timings.frames).toBeGreaterThan(10);
    const written = JSON.parse(readFileSync(file('a.json'), 'utf8'));
    expect(written).toEqual(r.json.receipt);
    expect(written.operator.id).toBe(teller);
  }, 300_000);

  it('a still image: no challenge, so confirming needs a supervisor; a wrong PIN is refused; the override is recorded', async () => {
    const base = ['kyc', '--virtual', 'cccd-2021', '--id', ID, '--live', file('A.jpg'), '--operator', teller, '--json'];
    const plain = await run(base);
    expect(plain.code).toBe(1);
    expect(plain.json.error.code).toBe('BANK_OVERRIDE_REQUIRED');
    const wrong = await run([...base, '--override-by', supervisor, '--reason', 'Camera hỏng'], { CHIPID_OPERATOR_PIN: '000000' });
    expect(wrong.json.error.code).toBe('BANK_OVERRIDE_REFUSED');
    const ok = await run([...base, '--override-by', supervisor, '--reason', 'Camera hỏng'], {}, '739204\n');
    expect(ok.code, ok.said).toBe(0);
    expect(ok.json.check.liveness.active.status).toBe('not_performed');
    expect(ok.json.check.face.match).toBe(true);
    expect(ok.json.receipt.override).toMatchObject({ supervisorId: supervisor, reason: 'Camera hỏng' });
  }, 300_000);

  it('the impostor\u2019s video: no match; the teller refuses with a reason', async () => {
    const r = await run(['kyc', '--virtual', 'cccd-2021', '--id', ID, '--live', file('B.y4m'), '--operator', teller, '--decision', 'refuse', '--reason', 'Không khớp', '--json']);
    expect(r.code, r.said).toBe(0);
    expect(r.json.check.face.match).toBe(false);
    expect(r.json.receipt).toMatchObject({ outcome: 'refused', reason: 'Không khớp' });
  }, 300_000);

  it('refuses bad input: no --live, an unknown operator', async () => {
    expect((await run(['kyc', '--virtual', 'cccd-2021', '--id', ID, '--operator', teller])).code).toBe(2);
    const r = await run(['kyc', '--virtual', 'cccd-2021', '--id', ID, '--live', file('A.jpg'), '--operator', 'op_00001111', '--json']);
    expect(r.json.error.code).toBe('BANK_NO_OPERATOR');
  }, 120_000);
});
