/**
 * chipid checkin and chipid jobs run as support staff and scripts use them: the built CLI in a child
 * process, the virtual card in-process, the gateway fake (real HTTP), the printer fake (real TCP) and the HIS
 * receiver (real HTTP) configured through the environment. The JSON has verdict, patient, visit, insurance
 * and a FHIR bundle that the R4 definitions accept; an unverified card needs a supervisor; a lookup the
 * gateway could not answer is queued and `jobs run --all` answers it; the HIS gets each visit once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../helpers/shared.js';
import { startFakeGateway, DEMO_CARDS, type FakeGateway } from '../../electron/devkit/bhyt-fake.js';
import { startFakePrinter } from '../../electron/devkit/fake-printer.js';
import { startFakeHis } from '../../electron/devkit/fake-his.js';
import { r4Errors } from '../unit/service/workflows/hospital/his/fhir-validator.js';

const BIN = join(REPO_DIR, 'bin/chipid.mjs');
const ID = '001099012345';
let home = '';
let gateway: FakeGateway;
let printer: Awaited<ReturnType<typeof startFakePrinter>>;
let his: Awaited<ReturnType<typeof startFakeHis>>;
let reception = '';
let supervisor = '';

type Json = Record<string, any>;
function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<{ code: number; out: string; json: Json }> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      CHIPID_HOME: join(home, 'data'),
      CHIPID_KEY_DIR: join(home, 'keys'),
      CHIPID_BHYT_URL: gateway.url,
      CHIPID_BHYT_USERNAME: 'bv-cli',
      CHIPID_BHYT_PASSWORD: 'mat-khau-cli',
      CHIPID_TICKET_PRINTER: printer.url,
      CHIPID_HIS_WEBHOOK: his.url,
      ...env,
    };
    delete e.CHIPID_MASTER_KEY;
    const child = execFile(process.execPath, [BIN, ...args], { env: e, timeout: 90_000 }, (err, stdout) => {
      let json: Json = {};
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
      } catch {
        json = {};
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout, json });
    });
    child.stdin?.end(stdin ?? '');
  });
}

describe('chipid checkin', () => {
  beforeAll(async () => {
    if (!existsSync(join(REPO_DIR, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    home = mkdtempSync(join(tmpdir(), 'chipid-checkin-'));
    gateway = await startFakeGateway({ username: 'bv-cli', password: 'mat-khau-cli', cards: DEMO_CARDS });
    printer = await startFakePrinter();
    his = await startFakeHis();
    expect((await run(['departments', 'add', '--code', 'K01', '--name', 'Khám Nội', '--prefix', 'A', '--json'])).code).toBe(0);
    reception = (await run(['operators', 'add', '--name', 'Lê Thị Tiếp Đón', '--cccd', '001190000123', '--role', 'reception', '--json'], { CHIPID_OPERATOR_PIN: '482615' })).json.operator.id;
    supervisor = (await run(['operators', 'add', '--name', 'Trần Văn Giám Sát', '--cccd', '001185000456', '--role', 'supervisor', '--json'], { CHIPID_OPERATOR_PIN: '739204' })).json.operator.id;
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([gateway?.close(), printer?.close(), his?.close()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('checks a verified card in: verdict, patient, visit, insurance from the gateway, a valid FHIR bundle, the ticket printed', async () => {
    const job = printer.nextJob();
    const r = await run(['checkin', '--virtual', 'cccd-2021', '--id', ID, '--department', 'K01', '--operator', reception, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.verdict).toBe('verified');
    expect(r.json.patient).toMatchObject({ cccd: ID, source: 'chip' });
    expect(r.json.visit).toMatchObject({ department: 'K01', queueNumber: 1, queueLabel: 'A001', operatorId: reception });
    expect(r.json.visit.visitId).toMatch(/^LK\d{6}-[0-9A-Z]{6}$/);
    expect(r.json.insurance).toMatchObject({ status: 'insured', code: '000' });
    expect(r.json.insurance.cardCode).toMatch(/^[A-Z]{2}\d{13}$/);
    expect(r.json.print).toEqual({ printed: true });
    expect((await job).length).toBeGreaterThan(50);
    expect(r4Errors(r.json.fhir)).toEqual([]);
    expect(gateway.stats.lastCheck).toMatchObject({ hoTenCb: 'Lê Thị Tiếp Đón', cccdCb: '001190000123' });
  });

  it('a card that is not verified: refused without an override, checked in with a supervisor\u2019s, marked unverified', async () => {
    const refused = await run(['checkin', '--virtual', 'cccd-tampered-dg13', '--id', ID, '--department', 'K01', '--operator', reception, '--json']);
    expect(refused.code).not.toBe(0);
    expect(refused.json.error?.code).toBe('HOSPITAL_NOT_VERIFIED');
    const wrongPin = await run(['checkin', '--virtual', 'cccd-tampered-dg13', '--id', ID, '--department', 'K01', '--operator', reception, '--confirm-changes', '--override-by', supervisor, '--override-reason', 'Đã đối chiếu ảnh', '--json'], { CHIPID_SUPERVISOR_PIN: '111111' });
    expect(wrongPin.json.error?.code).toBe('HOSPITAL_OVERRIDE_REFUSED');
    const ok = await run(['checkin', '--virtual', 'cccd-tampered-dg13', '--id', ID, '--department', 'K01', '--operator', reception, '--confirm-changes', '--override-by', supervisor, '--override-reason', 'Đã đối chiếu ảnh', '--json'], {}, '739204\n');
    expect([ok.code, ok.json.error?.code]).toEqual([0, undefined]);
    expect(ok.json.verdict).not.toBe('verified');
    expect(ok.json.visit).toMatchObject({ identitySource: 'chip-unverified', override: { supervisorId: supervisor, reason: 'Đã đối chiếu ảnh' } });
    expect(JSON.stringify(ok.json.fhir)).toMatch(/unverified|UNVERIFIED|chưa xác thực/i);
  });

  it('gateway down: still checked in as unchecked; jobs run --all asks again and the visit is insured', async () => {
    gateway.setMode('down');
    const r = await run(['checkin', '--virtual', 'cccd-2021', '--id', ID, '--department', 'K01', '--operator', reception, '--json', '--lookup-wait', '20']);
    expect([r.code, r.json.error?.code]).toEqual([0, undefined]);
    expect(r.json.insurance.status).toBe('unchecked');
    const visitId = r.json.visit.visitId as string;
    const stillDown = await run(['jobs', 'run', '--all', '--json']);
    expect(stillDown.json.runs.map((x: Json) => x.name)).toContain('hospital.insurance.retry');
    gateway.setMode('ok');
    const again = await run(['jobs', 'run', '--all', '--json']);
    expect([again.code, again.json]).toEqual([0, again.json]);
    expect(again.json.runs.every((x: Json) => x.ok)).toBe(true);
    // The answer went to the HIS too, as a new delivery of the visit.
    const deliveries = his.received.filter((x) => JSON.stringify(x.bundle).includes(visitId));
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(deliveries.at(-1)!.bundle)).toMatch(/"status":"active"/);
  });

  it('the HIS got every visit of the morning, each delivery key once', async () => {
    await run(['jobs', 'run', '--all', '--json']);
    const keys = his.received.map((x) => x.key);
    expect(new Set(keys).size).toBe(his.uniqueKeys().length);
    expect(his.uniqueKeys().length).toBeGreaterThanOrEqual(3);
  });
});
