/**
 * chipid departments add --code K01 --name "Khám Nội" [--prefix A] [--inactive] [--json]
 * chipid departments list [--json]
 * The hospital workflow's departments in the data directory (CHIPID_HOME), for installers who set a
 * kiosk up before any supervisor signs in. Changes are audited with the actor 'cli'; saving a code that
 * exists changes it (name, prefix, active).
 */
import { parse, printError } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { openStorage, type Storage } from '../service/storage/index.js';
import { HOSPITAL_MIGRATIONS } from '../service/workflows/hospital/migrations/index.js';
import { HospitalError } from '../service/workflows/hospital/errors.js';
import { listDepartments, saveDepartment } from '../service/workflows/hospital/store/index.js';
import type { Department } from '../service/workflows/hospital/types.js';

const USAGE = 'usage: chipid departments add --code CODE --name NAME [--prefix P] [--inactive] [--json] | departments list [--json]';

function withHospitalStorage<T>(f: (s: Storage) => T): T {
  const s = openStorage(dataDir().root, {
    retention: false,
    checkpointIntervalMs: false,
    components: [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }],
  });
  try {
    return f(s);
  } finally {
    s.close();
  }
}

const line = (d: Department): string => `${d.code.padEnd(10)}  ${(d.prefix || '-').padEnd(3)}  ${d.active ? 'active  ' : 'inactive'}  ${d.name}\n`;

export async function cmdDepartments(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, {
    code: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    inactive: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new ChipIdError('KEY_INVALID', USAGE);
  const json = values.json === true;
  switch (sub) {
    case 'add': {
      if (values.code === undefined || values.name === undefined) throw new ChipIdError('KEY_INVALID', USAGE);
      const wanted: Department = { code: values.code, name: values.name, prefix: values.prefix ?? '', active: values.inactive !== true };
      let saved: Department;
      try {
        saved = withHospitalStorage((s) => saveDepartment(s, wanted, 'cli'));
      } catch (e) {
        // Bad input, like the other commands' bad input: exit code 2.
        if (e instanceof HospitalError && e.code === 'HOSPITAL_DEPARTMENT_INVALID') {
          printError(e, json);
          return 2;
        }
        throw e;
      }
      process.stdout.write(json ? JSON.stringify({ department: saved }) + '\n' : `Đã lưu khoa / Department saved:\n${line(saved)}`);
      return 0;
    }
    case 'list': {
      const all = withHospitalStorage((s) => listDepartments(s));
      if (json) process.stdout.write(JSON.stringify({ departments: all }) + '\n');
      else if (all.length === 0) process.stdout.write('Chưa có khoa nào / No departments yet (chipid departments add …)\n');
      else for (const d of all) process.stdout.write(line(d));
      return 0;
    }
    default:
      throw new ChipIdError('KEY_INVALID', USAGE);
  }
}
