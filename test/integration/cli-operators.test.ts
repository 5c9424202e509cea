/**
 * `chipid operators …` in a child process on a real data directory and key folder: add (PIN on stdin or from
 * CHIPID_OPERATOR_PIN, never from the command line), list (last 4 digits only), disable/enable, set-pin, and
 * the refusals with their JSON error and exit code. The records are then checked in-process on the same
 * storage (the PIN set by the CLI verifies; the audit actor is 'cli').
 *
 * Until electron/cli/main.ts dispatches `operators`, the command runs through a bundle of the real
 * electron/cli/operators.ts with main's error handling (built here with esbuild into dist/); once it is wired,
 * `run` can use bin/chipid.mjs like cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_DIR } from '../helpers/shared.js';
import { AdminGuard } from '../../electron/service/admin.js';
import { ADMIN_OPERATOR_ID, getOperator, verifyOperatorPin, type AdminPinCheck } from '../../electron/service/operators.js';
import { openSecrets } from '../../electron/service/secrets.js';
import { listAudit, openStorage, type Storage } from '../../electron/service/storage/index.js';

// One bundle per test process, beside dist/cli.mjs so its packages resolve from the repository's node_modules.
const BUNDLE = join(REPO_DIR, `dist/test-cli-operators-${process.pid}.mjs`);
const ENTRY = `
import { asCodedError } from './electron/emrtd/errors.js';
import { exitCodeFor, printError } from './electron/cli/args.js';
import { cmdOperators } from './electron/cli/operators.js';
const argv = process.argv.slice(2);
try {
  process.exitCode = await cmdOperators(argv);
} catch (e) {
  const err = asCodedError(e);
  printError(err, argv.includes('--json'));
  process.exitCode = exitCodeFor(err);
}
`;
const CCCD = '001199004321';
let home = '';

interface Ran {
  code: number;
  out: string;
  err: string;
  json: Record<string, any>;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, CHIPID_HOME: join(home, 'data'), CHIPID_KEY_DIR: join(home, 'keys'), ...extra };
  delete e.CHIPID_MASTER_KEY;
  if (!('CHIPID_OPERATOR_PIN' in extra)) delete e.CHIPID_OPERATOR_PIN;
  return e;
}

function run(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BUNDLE, ...args], { env: env(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => {
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(out.trim().split('\n').pop() ?? '{}');
      } catch {
        json = {};
      }
      resolve({ code: code ?? 1, out, err, json });
    });
    p.stdin.end(opts.stdin ?? '');
  });
}

/** The same storage the CLI used, opened in this process with the same key folder. */
function storage(): Storage {
  const dataDir = join(home, 'data');
  return openStorage(dataDir, { retention: false, checkpointIntervalMs: false, secrets: openSecrets({ dataDir, env: env() }) });
}

describe('chipid operators', () => {
  beforeAll(async () => {
    await build({
      stdin: { contents: ENTRY, resolveDir: REPO_DIR, loader: 'ts', sourcefile: 'test-cli-operators.ts' },
      outfile: BUNDLE,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    home = mkdtempSync(join(tmpdir(), 'chipid-cli-operators-'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(BUNDLE, { force: true });
  });

  it('add (PIN on stdin, or CHIPID_OPERATOR_PIN), list with the last 4 digits only, and the PIN verifies', async () => {
    const a = await run(['add', '--name', 'Nguyễn Thị Lan', '--cccd', CCCD, '--role', 'reception', '--json'], { stdin: '480913\n' });
    expect(a.code).toBe(0);
    expect(a.json.operator).toMatchObject({ name: 'Nguyễn Thị Lan', role: 'reception', cccdLast4: '4321', active: true });
    const lan = a.json.operator.id as string;
    expect(lan).toMatch(/^op_[0-9a-f]{8}$/);
    const b = await run(['add', '--name', 'Trần Văn Đức', '--cccd', '079088112233', '--role', 'supervisor'], { env: { CHIPID_OPERATOR_PIN: '7305' } });
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/Operator op_[0-9a-f]{8} added \(supervisor\)/);

    const list = await run(['list', '--json']);
    expect(list.json.operators.map((o: { name: string }) => o.name)).toEqual(['Nguyễn Thị Lan', 'Trần Văn Đức']);
    const text = await run(['list']);
    expect(text.out).toContain(`${lan}  Nguyễn Thị Lan  reception  …4321  active`);
    for (const r of [a, b, list, text]) expect(r.out + r.err).not.toContain(CCCD);

    const s = storage();
    try {
      const none: AdminPinCheck = { check: () => Promise.resolve(false) };
      expect((await verifyOperatorPin(s, lan, '480913', none)).cccd).toBe(CCCD);
      const added = listAudit(s.read, { limit: 1000 }).filter((e) => e.action === 'operator.added');
      expect(added.map((e) => e.actor)).toEqual(['cli', 'cli']);
    } finally {
      s.close();
    }
  });

  it('refuses a weak PIN, a duplicate CCCD, bad input and a PIN on the command line, with JSON errors and exit codes', async () => {
    const weak = await run(['add', '--name', 'Lê Minh', '--cccd', '079088445566', '--role', 'reception', '--json'], { stdin: '123456\n' });
    expect(weak.code).toBe(1);
    expect(weak.json.error).toMatchObject({ code: 'OPERATOR_PIN_WEAK' });
    expect(weak.json.error.messageVi).toMatch(/4–12 chữ số/);
    const dup = await run(['add', '--name', 'Lê Minh', '--cccd', CCCD, '--role', 'reception', '--json'], { stdin: '593017\n' });
    expect(dup.json.error.code).toBe('OPERATOR_EXISTS');
    const role = await run(['add', '--name', 'Lê Minh', '--cccd', '079088445566', '--role', 'boss', '--json'], { stdin: '593017\n' });
    expect(role.json.error.code).toBe('OPERATOR_ROLE_INVALID');
    const onLine = await run(['add', '--name', 'Lê Minh', '--cccd', '079088445566', '--role', 'reception', '593017', '--json']);
    expect(onLine.code).toBe(2);
    expect(onLine.json.error.code).toBe('KEY_INVALID');
    const usage = await run(['add', '--name', 'Lê Minh', '--json']);
    expect(usage.code).toBe(2);
    const unknown = await run(['disable', 'op_12345678', '--json']);
    expect(unknown.json.error.code).toBe('OPERATOR_UNKNOWN');
    expect((await run(['list', '--json'])).json.operators).toHaveLength(2);
  });

  it('disable, enable and set-pin; the admin operator is listed once an admin PIN is set and cannot be changed here', async () => {
    const lan = ((await run(['list', '--json'])).json.operators as { id: string; name: string }[]).find((o) => o.name === 'Nguyễn Thị Lan')!.id;
    expect((await run(['disable', lan])).code).toBe(0);
    expect((await run(['list'])).out).toContain(`${lan}  Nguyễn Thị Lan  reception  …4321  disabled`);
    expect((await run(['enable', lan, '--json'])).json).toEqual({ id: lan, active: true });
    const set = await run(['set-pin', lan, '--json'], { stdin: '593017\n' });
    expect(set.json).toEqual({ id: lan, pin: 'set' });

    const s = storage();
    try {
      const none: AdminPinCheck = { check: () => Promise.resolve(false) };
      expect(getOperator(s, lan)?.active).toBe(true);
      await expect(verifyOperatorPin(s, lan, '480913', none)).rejects.toMatchObject({ code: 'OPERATOR_PIN_WRONG' });
      expect((await verifyOperatorPin(s, lan, '593017', none)).id).toBe(lan);
      await new AdminGuard(s, { env: {} }).setPinFromCli('862410', { replace: false });
    } finally {
      s.close();
    }
    const list = await run(['list', '--json']);
    expect(list.json.operators[0]).toEqual({ id: ADMIN_OPERATOR_ID, name: 'Quản trị', role: 'admin', cccdLast4: '', active: true });
    expect((await run(['list'])).out).toContain(`${ADMIN_OPERATOR_ID}  Quản trị  admin  —  active`);
    const fixed = await run(['set-pin', ADMIN_OPERATOR_ID, '--json'], { stdin: '593017\n' });
    expect(fixed.json.error.code).toBe('OPERATOR_ADMIN_FIXED');
    expect((await run(['disable', ADMIN_OPERATOR_ID, '--json'])).json.error.code).toBe('OPERATOR_ADMIN_FIXED');
  });
});
