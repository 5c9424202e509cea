// chipid departments add|list, run in-process against a real data directory (CHIPID_HOME in a temp dir).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cmdDepartments } from '../../../electron/cli/departments.js';
import { listAudit, openStorage } from '../../../electron/service/storage/index.js';
import { HOSPITAL_MIGRATIONS } from '../../../electron/service/workflows/hospital/migrations/index.js';
import { removeTempDirs, tempDir } from '../service/fixtures/storage-helpers.js';

let home = '';
const saved = process.env.CHIPID_HOME;
beforeAll(() => {
  home = tempDir('chipid-cli-departments-');
  process.env.CHIPID_HOME = home;
});
afterAll(() => {
  if (saved === undefined) delete process.env.CHIPID_HOME;
  else process.env.CHIPID_HOME = saved;
  removeTempDirs();
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await cmdDepartments(argv);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('chipid departments', () => {
  it('adds, changes and lists departments (active first), audited as the cli', async () => {
    expect((await run('list')).out).toMatch(/No departments yet/);
    expect(await run('add', '--code', 'K02', '--name', 'Khám Ngoại', '--prefix', 'B', '--json')).toEqual({
      code: 0,
      out: JSON.stringify({ department: { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true } }) + '\n',
      err: '',
    });
    expect((await run('add', '--code', 'K01', '--name', 'Khám Nội', '--inactive')).code).toBe(0);
    const list = await run('list', '--json');
    expect(JSON.parse(list.out)).toEqual({
      departments: [
        { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true },
        { code: 'K01', name: 'Khám Nội', prefix: '', active: false },
      ],
    });
    await run('add', '--code', 'K01', '--name', 'Khám Nội', '--prefix', 'A');
    expect((await run('list')).out.split('\n')[0]).toMatch(/^K01\s+A\s+active\s+Khám Nội$/);
    const s = openStorage(home, { retention: false, checkpointIntervalMs: false, components: [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }] });
    const actors = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.department_saved').map((e) => e.actor);
    s.close();
    expect(actors).toEqual(['cli', 'cli', 'cli']);
  });

  it('refuses a bad department with exit code 2 and both texts; a bad command is a usage error', async () => {
    const r = await run('add', '--code', 'k 1', '--name', 'Khám');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/HOSPITAL_DEPARTMENT_INVALID/);
    expect(r.err).toMatch(/Thông tin khoa không hợp lệ/);
    const j = await run('add', '--code', 'K03', '--name', 'Khám', '--prefix', 'abcd', '--json');
    expect(JSON.parse(j.out).error.code).toBe('HOSPITAL_DEPARTMENT_INVALID');
    await expect(cmdDepartments(['add', '--name', 'Khám'])).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(cmdDepartments(['remove'])).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });
});
