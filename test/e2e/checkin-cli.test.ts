/**
 * The hospital check-in end to end through the real PC/SC stack: `chipid sim` (the virtual CCCD) on a vpcd
 * reader of a private pcscd, `chipid checkin` in another process reading it, the gateway fake (HTTP), the
 * printer fake (TCP) and the HIS receiver (HTTP) on loopback. Prints the split of tap → ticket (figures, not
 * asserted: `chipid bench --hospital` is the benchmark).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessUnavailableReason, startHarness, CHIPID_BIN, type PcscHarness } from './harness.js';
import { PERSON_A } from '../../electron/vcard/person.js';
import { REPO_DIR } from '../helpers/shared.js';
import { startFakeGateway, DEMO_CARDS, type FakeGateway } from '../../electron/devkit/bhyt-fake.js';
import { startFakePrinter } from '../../electron/devkit/fake-printer.js';
import { startFakeHis } from '../../electron/devkit/fake-his.js';

const reason = harnessUnavailableReason();
if (reason) console.warn(`[e2e checkin-cli] skipped: ${reason}`);

type Json = Record<string, any>;
let home = '';

describe.skipIf(reason !== undefined)('chipid checkin through pcscd + vpcd', () => {
  let h: PcscHarness;
  let gateway: FakeGateway;
  let printer: Awaited<ReturnType<typeof startFakePrinter>>;
  let his: Awaited<ReturnType<typeof startFakeHis>>;
  const chipid = (args: string[], env: Record<string, string> = {}): Promise<{ code: number; json: Json; stderr: string }> =>
    new Promise((resolve) => {
      const e = {
        ...process.env,
        PCSCLITE_CSOCK_NAME: h.socketPath,
        CHIPID_HOME: join(home, 'data'),
        CHIPID_KEY_DIR: join(home, 'keys'),
        CHIPID_BHYT_URL: gateway.url,
        CHIPID_BHYT_USERNAME: 'bv-e2e',
        CHIPID_BHYT_PASSWORD: 'mat-khau-e2e',
        CHIPID_TICKET_PRINTER: printer.url,
        CHIPID_HIS_WEBHOOK: his.url,
        ...env,
      };
      delete (e as Record<string, unknown>).CHIPID_MASTER_KEY;
      execFile(process.execPath, [CHIPID_BIN, ...args, '--json'], { env: e, timeout: 90_000 }, (err, stdout, stderr) => {
        let json: Json = {};
        try {
          json = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
        } catch {
          json = { unparsed: stdout };
        }
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, json, stderr });
      });
    });

  beforeAll(async () => {
    if (!existsSync(`${REPO_DIR}dist/cli.mjs`)) {
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_DIR });
    }
    h = await startHarness({ lines: 1 });
    home = mkdtempSync(join(tmpdir(), 'chipid-checkin-e2e-'));
    gateway = await startFakeGateway({ username: 'bv-e2e', password: 'mat-khau-e2e', cards: DEMO_CARDS });
    printer = await startFakePrinter();
    his = await startFakeHis();
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await Promise.allSettled([gateway?.close(), printer?.close(), his?.close()]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('a tapped CCCD → verified, insured, visit A001, ticket printed on the TCP printer', async () => {
    // The kiosk trusts the virtual cards' TEST CSCA, as an operator imports a CSCA.
    const csca = join(home, 'test-csca.der');
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync(process.execPath, [CHIPID_BIN, 'sim', '--csca-out', csca, '--profile', 'none'], { env: { ...process.env, CHIPID_HOME: join(home, 'data'), CHIPID_KEY_DIR: join(home, 'keys') }, stdio: 'ignore' });
    } catch {
      /* the unknown profile stops sim after writing the certificate */
    }
    expect((await chipid(['trust', 'import', csca])).json.added).toBe(1);
    expect((await chipid(['departments', 'add', '--code', 'K01', '--name', 'Khám Nội', '--prefix', 'A'])).code).toBe(0);
    const op = (await chipid(['operators', 'add', '--name', 'Lê Thị Tiếp Đón', '--cccd', '001190000123', '--role', 'reception'], { CHIPID_OPERATOR_PIN: '482615' })).json.operator.id as string;
    const sim = await h.startSim({ profile: 'cccd-2021' });
    try {
      const job = printer.nextJob();
      const r = await chipid(['checkin', '--id', PERSON_A.idNumber, '--department', 'K01', '--operator', op]);
      expect([r.code, r.json.error?.code], r.stderr).toEqual([0, undefined]);
      expect(r.json.verdict).toBe('verified');
      expect(r.json.patient).toMatchObject({ cccd: PERSON_A.idNumber, fullName: PERSON_A.fullName });
      expect(r.json.visit).toMatchObject({ department: 'K01', queueLabel: 'A001' });
      expect(r.json.insurance.status).toBe('insured');
      expect(r.json.print).toEqual({ printed: true });
      expect((await job).length).toBeGreaterThan(50);
      console.log(`[e2e checkin-cli] tap → ticket through pcscd+vpcd: ${JSON.stringify(r.json.timings)}`);
    } finally {
      await sim.exit();
    }
  });
});
